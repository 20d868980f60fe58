#!/usr/bin/env bash
# Per-event cost of a probe, the shape of ebpf_exporter's published benchmark: a tight loop of
# getpid(2) with no probe, then with a probe on syscalls:sys_enter_getpid that (a) does nothing,
# (b) counts into a hash keyed by pid, (c) counts into a hash keyed by a 48-byte struct — each
# loaded by the exporter from bench/probe-cost/. ns per call, median of ROUNDS, and the overhead.
#   bench/probe-cost.sh [CALLS=5000000] [ROUNDS=5]
source "$(dirname "$0")/common.sh"
CALLS=${1:-5000000}
ROUNDS=${2:-5}
PORT=${PORT:-19506}
work_dir

gcc -O2 -o "$work/getpid-loop" bench/probe-cost/getpid-loop.c
make -s -C programs SRCDIR="$PWD/bench/probe-cost" OUT="$work/objects"
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing

run_loop() { for _ in $(seq 1 "$ROUNDS"); do "$work/getpid-loop" "$CALLS"; done | stats; }
median() { awk '{print $2}'; }

echo "kernel $(uname -r), $(nproc) CPUs; $CALLS getpid calls x $ROUNDS rounds; ns per call"
base=$(run_loop); echo "no probe:          $base"
for probe in probe-empty probe-pid-hash probe-struct-hash; do
  mkdir -p "$work/$probe"
  cp "bench/probe-cost/$probe.yaml" "$work/$probe/"
  cp "$work/objects/$probe.bpf.o" "$work/$probe/"
  start_exporter "$PORT" --config.dir "$work/$probe"
  result=$(run_loop)
  stop_exporter
  printf '%-18s %s  overhead %.1f ns\n' "$probe:" "$result" \
    "$(awk -v a="$(echo "$result" | median)" -v b="$(echo "$base" | median)" 'BEGIN{print a - b}')"
done
