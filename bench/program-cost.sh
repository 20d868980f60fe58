#!/usr/bin/env bash
# Per-event cost of a shipped config's programs next to a libbpf-tools tool attached to the same
# hooks in the same run: kernel.bpf_stats_enabled=1, then run_time_ns / run_cnt of each program
# over a load, read from bpftool as deltas around the load.
#   bench/program-cost.sh CONFIG 'TOOL ARGS' 'LOAD COMMAND' [ROUNDS=3]
#   bench/program-cost.sh run-queue-latency 'runqlat 100000' 'perf bench sched pipe -l 1000000'
#   bench/program-cost.sh softirq-latency 'softirqs -d 100000' 'stress-ng --sock 2 --sock-ops 20000'
# Needs root, the tool (libbpf-tools), jq. Each round re-attaches both, alternating which attaches
# first, since programs on one tracepoint run in attach order and the first pays for colder caches.
source "$(dirname "$0")/common.sh"
CONFIG=$1
TOOL=$2
LOAD=$3
ROUNDS=${4:-3}
PORT=${PORT:-19503}
work=$(mktemp -d)
stats_before=$(cat /proc/sys/kernel/bpf_stats_enabled)
TOOL_PID=
cleanup() {
  [ -n "$TOOL_PID" ] && stop_tool
  stop_exporter
  sysctl -q kernel.bpf_stats_enabled="$stats_before"
  rm -rf "$work"
}
trap cleanup EXIT

cp "configs/$CONFIG.yaml" "exporter/target/bpf/$CONFIG.bpf.o" "$work/"
sysctl -q kernel.bpf_stats_enabled=1

# held_ids PID: the programs a process holds open (from its fds), so other programs loaded on the
# machine meanwhile are never mistaken for either tool's.
held_ids() {
  local fd
  for fd in /proc/"$1"/fd/*; do
    if [ "$(readlink "$fd" 2>/dev/null)" = anon_inode:bpf-prog ]; then
      awk '/^prog_id:/{print $2}' "/proc/$1/fdinfo/${fd##*/}"
    fi
  done | sort -n | tr '\n' ' '
}
# snapshot IDS...: "id name run_time_ns run_cnt" per program
snapshot() {
  local ids; ids=$(printf '%s,' "$@"); ids="[${ids%,}]"
  bpftool -j prog show | jq -r --argjson ids "$ids" \
    '.[] | select(.id as $i | $ids | index($i)) | "\(.id) \(.name) \(.run_time_ns // 0) \(.run_cnt // 0)"'
}
start_ours() { start_exporter "$PORT" --config.dir "$work"; OURS=$(held_ids "$EXPORTER_PID"); }
start_tool() {
  $TOOL > /dev/null & TOOL_PID=$!
  local previous=; THEIRS=
  for _ in $(seq 1 100); do # until its set of programs stops growing
    sleep 0.1; THEIRS=$(held_ids "$TOOL_PID")
    [ -n "$THEIRS" ] && [ "$THEIRS" = "$previous" ] && break
    previous=$THEIRS
  done
}
# SIGINT is how libbpf-tools print and exit; a placeholder (sleep) started in the background of a
# script ignores it, so TERM follows after 5 s.
stop_tool() {
  kill -INT "$TOOL_PID" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$TOOL_PID" 2>/dev/null || break; sleep 0.1; done
  kill -TERM "$TOOL_PID" 2>/dev/null
  wait "$TOOL_PID" 2>/dev/null || true; TOOL_PID=
}

echo "$CONFIG vs ${TOOL%% *}; kernel $(uname -r), $(nproc) CPUs; load: $LOAD"
printf '%-5s %-18s %-12s %-18s %12s %10s\n' round first tool program events ns/event
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then start_ours; start_tool; first=exporter; else start_tool; start_ours; first=${TOOL%% *}; fi
  # shellcheck disable=SC2086
  before=$(snapshot $OURS $THEIRS)
  $LOAD > /dev/null 2>&1
  # shellcheck disable=SC2086
  after=$(snapshot $OURS $THEIRS)
  join <(echo "$before" | sort) <(echo "$after" | sort) | while read -r id name t0 c0 _ t1 c1; do
    tool=${TOOL%% *}; [[ " $OURS " == *" $id "* ]] && tool=exporter
    n=$((c1 - c0))
    printf '%-5s %-18s %-12s %-18s %12d %10.1f\n' "$round" "$first" "$tool" "$name" "$n" \
      "$(awk -v t=$((t1 - t0)) -v n="$n" 'BEGIN{print n ? t / n : 0}')"
  done
  stop_tool; stop_exporter
done
