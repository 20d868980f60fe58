# Shared by the bench scripts: build the jar if needed, start/stop an exporter, time things.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JAR=${JAR:-exporter/target/ebpf-exporter.jar}
[ -f "$JAR" ] || mvn -q -B -DskipTests package

# start_exporter PORT ARGS... : starts the jar in the background, sets EXPORTER_PID, waits for /metrics.
start_exporter() {
  local port=$1; shift
  java ${JAVA_OPTS:-} -jar "$JAR" --web.listen-address "127.0.0.1:$port" "$@" > "${LOG:-/dev/null}" 2>&1 &
  EXPORTER_PID=$!
  for _ in $(seq 1 400); do
    curl -sf -o /dev/null "127.0.0.1:$port/metrics" && return 0
    sleep 0.025
  done
  echo "exporter did not become ready" >&2; return 1
}

stop_exporter() {
  kill -TERM "$EXPORTER_PID" 2>/dev/null || true
  wait "$EXPORTER_PID" 2>/dev/null || true
}

# stats: reads numbers on stdin, prints "median min max" (n = count).
stats() {
  sort -g | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2;
    printf "median %s  min %s  max %s  (n=%d)\n", m, v[1], v[NR], NR}'
}
