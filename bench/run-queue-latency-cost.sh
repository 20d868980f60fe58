#!/usr/bin/env bash
# Per-event cost of the run-queue-latency programs next to libbpf-tools' runqlat, both attached
# in the same run to the same tracepoints: kernel.bpf_stats_enabled=1, then run_time_ns / run_cnt
# of each program over a context-switch load, read from bpftool as deltas around the load.
#   bench/run-queue-latency-cost.sh [LOOPS=1000000] [ROUNDS=3]
#   CONFIG=run-queue-latency-cgroup bench/run-queue-latency-cost.sh   (the by-cgroup variant)
# Load: `perf bench sched pipe` (two tasks ping-ponging through pipes: one wakeup and one switch
# per message each way), or stress-ng --switch when perf is missing. Needs root, runqlat
# (libbpf-tools), jq. Each round re-attaches both tools, alternating which one attaches first, since
# programs on one tracepoint run in attach order and the first pays for colder caches.
source "$(dirname "$0")/common.sh"
LOOPS=${1:-1000000}
ROUNDS=${2:-3}
PORT=${PORT:-19503}
CONFIG=${CONFIG:-run-queue-latency}
work=$(mktemp -d)
stats_before=$(cat /proc/sys/kernel/bpf_stats_enabled)
RUNQLAT_PID=
cleanup() {
  [ -n "$RUNQLAT_PID" ] && kill -INT "$RUNQLAT_PID" 2>/dev/null && wait "$RUNQLAT_PID" 2>/dev/null
  stop_exporter
  sysctl -q kernel.bpf_stats_enabled="$stats_before"
  rm -rf "$work"
}
trap cleanup EXIT

cp "configs/$CONFIG.yaml" "exporter/target/bpf/$CONFIG.bpf.o" "$work/"
sysctl -q kernel.bpf_stats_enabled=1

prog_ids() { bpftool -j prog show | jq -r '.[].id' | sort -n; }
# snapshot IDS...: "id name run_time_ns run_cnt" per program
snapshot() {
  local ids; ids=$(printf '%s,' "$@"); ids="[${ids%,}]"
  bpftool -j prog show | jq -r --argjson ids "$ids" \
    '.[] | select(.id as $i | $ids | index($i)) | "\(.id) \(.name) \(.run_time_ns // 0) \(.run_cnt // 0)"'
}
new_ids() { comm -13 <(echo "$1") <(prog_ids) | tr '\n' ' '; }

start_ours() { local before; before=$(prog_ids); start_exporter "$PORT" --config.dir "$work"; OURS=$(new_ids "$before"); }
start_runqlat() {
  local before; before=$(prog_ids)
  runqlat 100000 > /dev/null & RUNQLAT_PID=$!
  for _ in $(seq 1 200); do THEIRS=$(new_ids "$before"); [ "$(wc -w <<< "$THEIRS")" -ge 3 ] && break; sleep 0.05; done
}
stop_runqlat() { kill -INT "$RUNQLAT_PID"; wait "$RUNQLAT_PID" 2>/dev/null || true; RUNQLAT_PID=; }

load() {
  if command -v perf > /dev/null; then
    perf bench sched pipe -l "$LOOPS" > /dev/null
  else
    stress-ng --switch 2 --switch-ops "$LOOPS" > /dev/null 2>&1
  fi
}

echo "$CONFIG vs runqlat; kernel $(uname -r), $(nproc) CPUs; load: $(command -v perf > /dev/null && echo "perf bench sched pipe -l $LOOPS" || echo "stress-ng --switch 2 --switch-ops $LOOPS")"
printf '%-5s %-18s %-12s %-18s %12s %10s\n' round first tool program events ns/event
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then start_ours; start_runqlat; first=exporter; else start_runqlat; start_ours; first=runqlat; fi
  # shellcheck disable=SC2086
  before=$(snapshot $OURS $THEIRS)
  load
  # shellcheck disable=SC2086
  after=$(snapshot $OURS $THEIRS)
  join <(echo "$before" | sort) <(echo "$after" | sort) | while read -r id name t0 c0 _ t1 c1; do
    tool=runqlat; [[ " $OURS " == *" $id "* ]] && tool=exporter
    n=$((c1 - c0))
    printf '%-5s %-18s %-12s %-18s %12d %10.1f\n' "$round" "$first" "$tool" "$name" "$n" \
      "$(awk -v t=$((t1 - t0)) -v n="$n" 'BEGIN{print n ? t / n : 0}')"
  done
  stop_runqlat; stop_exporter
done
