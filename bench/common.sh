# Shared by the bench scripts: build the jar if needed, start/stop an exporter, time things.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JAR=${JAR:-exporter/target/ebpf-exporter.jar}
[ -f "$JAR" ] || mvn -q -B -DskipTests package

# start_exporter PORT ARGS... : starts the jar in the background, sets EXPORTER_PID, waits for /metrics.
# JAVA_OPTS holds JVM flags (@deploy/jvm.options reads the recommended ones) and may hold VAR=value
# words (MALLOC_ARENA_MAX=2), which go to the environment.
start_exporter() {
  local port=$1 word environment=() flags=(); shift
  # Another exporter answering on the port would be measured instead of ours, silently.
  if curl -s -o /dev/null "127.0.0.1:$port/"; then echo "port $port is in use: set PORT=" >&2; return 1; fi
  for word in ${JAVA_OPTS:-}; do
    if [[ $word =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then environment+=("$word"); else flags+=("$word"); fi
  done
  env "${environment[@]}" java "${flags[@]}" -jar "$JAR" --web.listen-address "127.0.0.1:$port" "$@" > "${LOG:-/dev/null}" 2>&1 &
  EXPORTER_PID=$!
  for _ in $(seq 1 400); do
    curl -sf -o /dev/null "127.0.0.1:$port/metrics" && return 0
    kill -0 "$EXPORTER_PID" 2>/dev/null || { echo "exporter exited (LOG=FILE keeps its output)" >&2; return 1; }
    sleep 0.025
  done
  echo "exporter did not become ready" >&2; return 1
}

# work_dir: a temporary directory in $work, removed on exit, when the exporter is stopped too.
work_dir() {
  work=$(mktemp -d)
  trap 'stop_exporter; rm -rf "$work"' EXIT
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

# scrape_ms URL CURL_ARGS...: median time of 10 scrapes after a warm-up, in ms.
scrape_ms() {
  local url=$1; shift
  curl -s -o /dev/null "$@" "$url"
  for _ in $(seq 1 10); do curl -s -o /dev/null -w '%{time_total}\n' "$@" "$url"; done |
    awk '{print $1 * 1000}' | stats | awk '{print $2}'
}

# cpu_ns PID [THREAD]: CPU time the process's live threads have used, ns, leaving out a thread named
# THREAD (/proc/PID/task/*/schedstat: finer than the clock ticks of /proc/PID/stat).
cpu_ns() {
  local task sum=0
  for task in /proc/"$1"/task/*; do
    [ "$(cat "$task/comm")" = "${2:-}" ] || sum=$((sum + $(cut -d' ' -f1 "$task/schedstat")))
  done
  echo "$sum"
}

rss_mib() { awk '/VmRSS/{printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

load1() { cut -d' ' -f1 /proc/loadavg; }

# Synthetic series: bench/synthetic's maps, which no program writes, filled from user space with one
# bpftool batch. A histogram series set per id is 9 buckets + _sum + _count = 11 series from 10 keys.
# start_synthetic WORK counter|histogram N PORT: builds the object into WORK (once), starts the
# exporter (drain every 5 s) on a config whose map holds N series, fills the map, sets KEYS.
start_synthetic() {
  local work=$1 kind=$2 n=$3 port=$4 ids map
  [ -f "$work/objects/synthetic.bpf.o" ] || make -s -C programs SRCDIR="$PWD/bench/synthetic" OUT="$work/objects"
  if [ "$kind" = counter ]; then ids=$n; KEYS=$n; map=synthetic_event; else ids=$((n / 11)); KEYS=$((ids * 10)); map=synthetic_laten; fi
  mkdir -p "$work/cfg"; cp "$work/objects/synthetic.bpf.o" "$work/cfg/"
  sed "s/max_entries: 1024/max_entries: $KEYS/" bench/synthetic/synthetic.yaml > "$work/cfg/synthetic.yaml"
  start_exporter "$port" --config.dir "$work/cfg" --drain.interval 5s
  fill_synthetic "$(map_id "$map")" "$kind" "$ids" > "$work/batch"
  bpftool batch file "$work/batch" > /dev/null
}

# fill_synthetic MAP_ID KIND IDS: the bpftool batch of updates, value = i % 200 + 1 (counters) or
# slot + 1 (histogram buckets 0..9).
fill_synthetic() {
  if [ "$2" = counter ]; then
    awk -v m="$1" -v n="$3" 'BEGIN { for (i = 0; i < n; i++)
      printf "map update id %d key hex %02x %02x %02x %02x value hex %02x 00 00 00 00 00 00 00\n", m,
        i % 256, int(i / 256) % 256, int(i / 65536) % 256, int(i / 16777216) % 256, i % 200 + 1 }'
  else
    awk -v m="$1" -v n="$3" 'BEGIN { for (i = 0; i < n; i++) for (s = 0; s <= 9; s++)
      printf "map update id %d key hex %02x %02x %02x %02x %02x 00 00 00 value hex %02x 00 00 00 00 00 00 00\n", m,
        i % 256, int(i / 256) % 256, int(i / 65536) % 256, int(i / 16777216) % 256, s, s + 1 }'
  fi
}

map_id() { # name prefix (kernel names are cut at 15 characters) of a map the exporter holds
  local fd id
  for fd in /proc/"$EXPORTER_PID"/fd/*; do
    [ "$(readlink "$fd")" = anon_inode:bpf-map ] || continue
    id=$(awk '/^map_id:/{print $2}' "/proc/$EXPORTER_PID/fdinfo/${fd##*/}")
    [[ "$(bpftool map show id "$id")" == *"name $1 "* ]] && { echo "$id"; return; }
  done
}

# drain_ms URL: median of the exporter's own drain duration over 5 drains (5 s apart), in ms.
drain_ms() {
  for _ in 1 2 3 4 5; do
    curl -s "$1" | awk '/^ebpf_exporter_drain_duration_seconds /{print $2 * 1000}'; sleep 5
  done | stats | awk '{print $2}'
}
