#!/usr/bin/env bash
# Start-up time to ready (5 starts) and RSS / CPU over an idle run with a 15 s scrape, with the
# bundled default configs.   bench/footprint.sh [IDLE_SECONDS=300]
source "$(dirname "$0")/common.sh"
IDLE=${1:-300}
PORT=${PORT:-19502}
trap 'stop_exporter' EXIT

echo -n "start to ready (launch until /metrics answers), ms: "
for _ in $(seq 1 5); do
  t0=$(date +%s%N); start_exporter "$PORT"; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 )); stop_exporter
done | stats

start_exporter "$PORT"
ticks0=$(awk '{print $14 + $15}' "/proc/$EXPORTER_PID/stat")
for _ in $(seq 1 $((IDLE / 15))); do sleep 15; curl -s -o /dev/null "127.0.0.1:$PORT/metrics"; done
ticks1=$(awk '{print $14 + $15}' "/proc/$EXPORTER_PID/stat")
hz=$(getconf CLK_TCK)
echo "after ${IDLE}s idle (scrape every 15 s): RSS $(awk '/VmRSS/{print $2/1024 " MiB"}' "/proc/$EXPORTER_PID/status"),"\
" CPU $(awk -v t=$((ticks1 - ticks0)) -v hz="$hz" -v s="$IDLE" 'BEGIN{printf "%.2f%% of one core", 100*t/hz/s}')"
