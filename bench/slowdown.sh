#!/usr/bin/env bash
# Workload slowdown: throughput of `perf bench sched pipe` and `stress-ng --switch` with nothing
# attached, with empty programs on the exporter's hooks (bench/slowdown/: the cost of attaching
# alone), with the exporter running its default set of bundled configs, and with libbpf-tools'
# runqlat + softirqs running instead; the four interleaved ROUNDS times in one run, medians and ratios.
#   bench/slowdown.sh [ROUNDS=5]
# The workloads run pinned to the last CPU and the observers (the daemon, runqlat, softirqs) to the
# others, so what is measured is what the in-kernel programs cost the workload, not the observers'
# user-space threads taking turns with it (the daemon's own CPU is bench/footprint.sh's figure);
# PIN=no lets the scheduler place everything.
source "$(dirname "$0")/common.sh"
ROUNDS=${1:-5}
PORT=${PORT:-19505}
TOOL_PIDS=()
work=$(mktemp -d)
trap 'stop_exporter; stop_tools; rm -rf "$work"' EXIT
stop_tools() { [ ${#TOOL_PIDS[@]} -gt 0 ] && kill -INT "${TOOL_PIDS[@]}" 2>/dev/null; wait "${TOOL_PIDS[@]}" 2>/dev/null; TOOL_PIDS=(); }

mkdir -p "$work/hooks-only"
make -s -C programs SRCDIR="$PWD/bench/slowdown" OUT="$work/objects"
cp bench/slowdown/hooks-only.yaml "$work/objects/hooks-only.bpf.o" "$work/hooks-only/"

CPUS=$(nproc)
pinned=()
if [ "${PIN:-yes}" != no ]; then
  pinned=(taskset -c "$((CPUS - 1))")
  taskset -pc "0-$((CPUS - 2))" $$ > /dev/null # this shell and everything it starts but the workloads
fi
# pipe: usecs per op (lower is better) -> ops/s; switch: bogo ops/s
pipe_ops() { "${pinned[@]}" perf bench sched pipe -l 200000 2>/dev/null | awk '/usecs\/op/{printf "%.0f\n", 1e6 / $1}'; }
switch_ops() { "${pinned[@]}" stress-ng --switch 1 --timeout 5 --metrics-brief 2>&1 | awk '$4 == "switch" && $5 ~ /^[0-9]+$/ {printf "%.0f\n", $(NF-1)}'; }

measure() { # setup name -> appends "setup workload ops round" lines; every setup settles alike first
  sleep 2
  echo "$1 pipe $(pipe_ops) $round"
  echo "$1 switch $(switch_ops) $round"
}

results=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
  measure none >> "$results"
  start_exporter "$PORT" --config.dir "$work/hooks-only"; measure hooks-only >> "$results"; stop_exporter
  start_exporter "$PORT"; measure exporter >> "$results"; stop_exporter
  runqlat 1000000 > /dev/null & TOOL_PIDS+=($!)
  softirqs 1000000 > /dev/null & TOOL_PIDS+=($!)
  measure libbpf-tools >> "$results"; stop_tools
  echo "round $round done" >&2
done

echo "kernel $(uname -r), $CPUS CPUs, $ROUNDS rounds, workload on CPU ${pinned[2]:-any}; throughput in ops/s, median (min-max)"
for workload in pipe switch; do
  base=$(awk -v w=$workload '$1=="none" && $2==w {print $3}' "$results" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  for setup in none hooks-only exporter libbpf-tools; do
    awk -v s=$setup -v w=$workload '$1==s && $2==w {print $3}' "$results" | sort -g |
      awk -v s=$setup -v w=$workload -v b="$base" '{v[NR]=$1} END {m=v[int((NR+1)/2)];
        printf "%-7s %-13s %10d  (%d-%d)  slowdown %5.1f%%\n", w, s, m, v[1], v[NR], 100 * (1 - m / b)}'
  done
done
# The same ratio round by round: each round measures every setup within a minute, so slow phases
# of the machine weigh on both slowdowns of a pair alike.
for workload in pipe switch; do
  awk -v w=$workload '$2 == w {ops[$4, $1] = $3; rounds[$4]} END {
      for (r in rounds) { e = 1 - ops[r, "exporter"] / ops[r, "none"]; t = 1 - ops[r, "libbpf-tools"] / ops[r, "none"];
        if (t > 0) print e / t }
    }' "$results" | sort -g | awk -v w=$workload '{v[NR] = $1} END {
      printf "%-7s exporter slowdown / libbpf-tools slowdown, round by round: median %.2f (%.2f-%.2f, %d rounds)\n",
        w, v[int((NR + 1) / 2)], v[1], v[NR], NR}'
done
rm -f "$results"
