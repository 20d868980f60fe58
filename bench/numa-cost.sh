#!/usr/bin/env bash
# Per-event cost of the numa program's BPF programs: run_time_ns / run_cnt with
# kernel.bpf_stats_enabled=1, read with bpftool while the programs are attached.
#   bash bench/numa-cost.sh [host|guest|both]      (default both; as root)
# host:  on a host with one NUMA node nothing migrates for NUMA reasons; compaction does
#        migrate pages (reason compaction): numa_migrate_start/_end run and leave at their reason
#        check, the price every non-NUMA migration pays. bench/numa-fragment.c fragments memory,
#        then /proc/sys/vm/compact_memory compacts it. sched_*_numa cannot fire on one node.
# guest: a two-node guest of scripts/vm/boot.sh (Debian 6.1 by default, KERNEL=linux-image-6.12-amd64
#        for 6.12; QEMU software emulation unless /dev/kvm works, so every figure is inflated by
#        the emulated CPU: compare ratios, not absolutes) runs the full path (pages migrated for
#        NUMA reasons, task placement) with libbpf-tools' numamove (fentry/fexit on
#        migrate_misplaced_page) attached in the same run.
source "$(dirname "$0")/common.sh"
WHAT=${1:-both}
PORT=${PORT:-19511}
ROUNDS=${ROUNDS:-5}
KERNEL=${KERNEL:-linux-image-amd64}
work=$(mktemp -d)
stats_before=$(sysctl -n kernel.bpf_stats_enabled)
cleanup() { stop_exporter 2>/dev/null || true; sysctl -qw kernel.bpf_stats_enabled="$stats_before"; rm -rf "$work"; }
trap cleanup EXIT
cp configs/numa.yaml exporter/target/bpf/numa.bpf.o "$work/"

# costs FILE REGEX: one line per program whose name matches, from `bpftool prog show` output.
costs() {
  awk -v re="$2" '/^[0-9]+: / { name = ""; t = 0; c = 0; for (i = 1; i < NF; i++) { if ($i == "name") name = $(i+1); if ($i == "run_time_ns") t = $(i+1); if ($i == "run_cnt") c = $(i+1) }
         if (name ~ re) printf "  %-24s run_cnt %9d  run_time_ns %12d  %8.1f ns/event\n", name, c, t, c ? t / c : 0 }' "$1"
}

host() {
  echo "== host: $(uname -r), $(ls -d /sys/devices/system/node/node[0-9]* | wc -l) NUMA node(s); $ROUNDS rounds of fragment 2 GiB + compact"
  mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing
  gcc -O2 -Wall -o "$work/numa-fragment" bench/numa-fragment.c
  sysctl -qw kernel.bpf_stats_enabled=1
  start_exporter "$PORT" --config.dir "$work"
  for _ in $(seq 1 "$ROUNDS"); do
    mkfifo "$work/hold"
    "$work/numa-fragment" 2048 < "$work/hold" > "$work/fragment.out" &
    exec 3> "$work/hold"
    until grep -q ready "$work/fragment.out"; do sleep 0.05; done
    echo 1 > /proc/sys/vm/compact_memory
    exec 3>&-; wait $!; rm -f "$work/hold"
  done
  bpftool prog show > "$work/progs.txt"
  costs "$work/progs.txt" '^numa_'
  echo "  (a program that never ran shows run_cnt 0)"
  stop_exporter
}

guest() {
  echo "== guest: $KERNEL, two nodes; numa program and numamove attached together"
  mkdir -p "$work/guest/numa"; cp "$work/numa.yaml" "$work/numa.bpf.o" "$work/guest/numa/"
  gcc -O2 -Wall -o "$work/numa-workload" exporter/src/test/c/numa-workload.c
  bash scripts/vm/boot.sh --kernel "$KERNEL" --share "$work/guest" bench/numa-cost-guest.sh \
    "$work/guest" "$work/numa-workload" "$(realpath "$JAR")" > "$work/guest.log" 2>&1 \
    || { tail -n 30 "$work/guest.log" >&2; return 1; }
  grep '^NUMA-COST' "$work/guest.log" | sed 's/^NUMA-COST /  /'
  costs "$work/guest/progs.txt" '^(numa_|migrate_misplac)'
  awk '/^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] / { n += $2; ms += $3 } END { printf "  numamove printed: %d migrate_misplaced_page calls, %d ms\n", n, ms }' "$work/guest/numamove.log"
  awk '/^ebpf_exporter_numa_move_total/ { p += $2 } /^ebpf_exporter_numa_move_latency_seconds_(count|sum)/ { v[$1] = $2 }
       END { printf "  exporter: %d pages moved, %d migrate_pages calls, %.0f ms\n", p, v["ebpf_exporter_numa_move_latency_seconds_count"], v["ebpf_exporter_numa_move_latency_seconds_sum"] * 1000 }' "$work/guest/metrics.prom"
}

case $WHAT in
  host) host ;;
  guest) guest ;;
  both) host; guest ;;
  *) echo "usage: $0 [host|guest|both]" >&2; exit 2 ;;
esac
