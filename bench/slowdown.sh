#!/usr/bin/env bash
# Workload slowdown: throughput of `perf bench sched pipe` and `stress-ng --switch` with nothing
# attached, with the exporter running its default set of bundled configs, and with libbpf-tools'
# runqlat + softirqs running instead; the three interleaved ROUNDS times in one run, medians and ratios.
#   bench/slowdown.sh [ROUNDS=5]
source "$(dirname "$0")/common.sh"
ROUNDS=${1:-5}
PORT=${PORT:-19505}
TOOL_PIDS=()
trap 'stop_exporter; stop_tools' EXIT
stop_tools() { [ ${#TOOL_PIDS[@]} -gt 0 ] && kill -INT "${TOOL_PIDS[@]}" 2>/dev/null; wait "${TOOL_PIDS[@]}" 2>/dev/null; TOOL_PIDS=(); }

# pipe: usecs per op (lower is better) -> ops/s; switch: bogo ops/s
pipe_ops() { perf bench sched pipe -l 200000 2>/dev/null | awk '/usecs\/op/{printf "%.0f\n", 1e6 / $1}'; }
switch_ops() { stress-ng --switch 2 --timeout 5 --metrics-brief 2>&1 | awk '$4 == "switch" && $5 ~ /^[0-9]+$/ {printf "%.0f\n", $(NF-1)}'; }

measure() { # setup name -> appends "setup workload ops" lines
  echo "$1 pipe $(pipe_ops)"
  echo "$1 switch $(switch_ops)"
}

results=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
  measure none >> "$results"
  start_exporter "$PORT"; measure exporter >> "$results"; stop_exporter
  runqlat 1000000 > /dev/null & TOOL_PIDS+=($!)
  softirqs 1000000 > /dev/null & TOOL_PIDS+=($!)
  sleep 1; measure libbpf-tools >> "$results"; stop_tools
  echo "round $round done" >&2
done

echo "kernel $(uname -r), $(nproc) CPUs, $ROUNDS rounds; throughput in ops/s, median (min-max)"
for workload in pipe switch; do
  base=$(awk -v w=$workload '$1=="none" && $2==w {print $3}' "$results" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  for setup in none exporter libbpf-tools; do
    awk -v s=$setup -v w=$workload '$1==s && $2==w {print $3}' "$results" | sort -g |
      awk -v s=$setup -v w=$workload -v b="$base" '{v[NR]=$1} END {m=v[int((NR+1)/2)];
        printf "%-7s %-13s %10d  (%d-%d)  slowdown %5.1f%%\n", w, s, m, v[1], v[NR], 100 * (1 - m / b)}'
  done
done
rm -f "$results"
