#!/usr/bin/env bash
# Footprint of the daemon with the bundled default configs, per JVM flag set ("variant"):
# start to ready (STARTS starts per variant, variants alternating), then one idle run per variant,
# all variants at once, each scraped every 15 s; RSS, CPU ticks and the scrape time are sampled at
# every scrape into OUT/<variant>.csv.
#   bench/footprint.sh [IDLE_SECONDS=600] [NAME:JAVA_OPTS ...]      (IDLE_SECONDS=0: start-up only)
# Default variants: the JVM's own defaults, the recommended flags (deploy/jvm.options) and those
# with an AppCDS archive. JAVA_OPTS words of the form VAR=value go to the environment.
source "$(dirname "$0")/common.sh"
IDLE=${1:-600}; shift || true
STARTS=${STARTS:-7}
PORT=${PORT:-19540}
OUT=${OUT:-$(mktemp -d)}; mkdir -p "$OUT"
[ $# -gt 0 ] || set -- default: recommended:@deploy/jvm.options \
  "recommended+cds:@deploy/jvm.options -XX:SharedArchiveFile=$OUT/app.jsa"
hz=$(getconf CLK_TCK)
trap 'stop_exporter; kill $(jobs -p) 2>/dev/null; wait' EXIT

echo "kernel $(uname -r), $(nproc) CPUs; $# variants; output in $OUT"
# A variant with an AppCDS archive (-XX:SharedArchiveFile=FILE) gets FILE from a training run first:
# start, one scrape, SIGTERM, the JVM writing the classes it loaded at exit.
for variant in "$@"; do
  [[ $variant =~ -XX:SharedArchiveFile=([^ ]+) ]] || continue
  [ "${BASH_REMATCH[1]}" -nt "$JAR" ] && continue
  opts=${variant#*:}
  JAVA_OPTS=${opts/SharedArchiveFile/ArchiveClassesAtExit} start_exporter "$PORT"
  curl -s -o /dev/null "127.0.0.1:$PORT/metrics"; stop_exporter
done
echo "start to ready, $STARTS starts per variant; load average before: $(load1)"
for _ in $(seq 1 "$STARTS"); do
  for variant in "$@"; do
    t0=$(date +%s%N); JAVA_OPTS=${variant#*:} start_exporter "$PORT"; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 )) >> "$OUT/${variant%%:*}.ready"; stop_exporter
  done
done

# idle JAVA_OPTS PORT: one idle run, a CSV line per scrape (t_s,rss_kib,cpu_ticks,scrape_ms,load1) from
# t = 0 (ready); the last line is "# peak_kib N", VmHWM: the high-water mark between samples too.
idle() {
  trap 'stop_exporter' EXIT; trap 'exit 1' TERM
  JAVA_OPTS=$1 start_exporter "$2"
  local start=$SECONDS i ms
  echo "t_s,rss_kib,cpu_ticks,scrape_ms,load1"
  for i in $(seq 0 $((IDLE / 15))); do
    sleep $(( start + 15 * i > SECONDS ? start + 15 * i - SECONDS : 0 ))
    ms=$(curl -s -o /dev/null -w '%{time_total}' "127.0.0.1:$2/metrics")
    echo "$((15 * i)),$(awk '/VmRSS/{print $2}' "/proc/$EXPORTER_PID/status"),$(
      awk '{print $14 + $15}' "/proc/$EXPORTER_PID/stat"),$(awk -v s="$ms" 'BEGIN {print s * 1000}'),$(load1)"
  done
  echo "# peak_kib $(awk '/VmHWM/{print $2}' "/proc/$EXPORTER_PID/status")"
}

echo "idle runs of ${IDLE} s, all variants at once, a scrape every 15 s; load average before: $(load1)"
p=$PORT
for variant in "$@"; do
  p=$((p + 1)); idle "${variant#*:}" "$p" > "$OUT/${variant%%:*}.csv" &
done
wait
echo "load average after: $(load1)"

mib_at() { awk -F, -v t="$2" '$1 == t {printf "%.1f", $2 / 1024; found = 1} END {if (!found) printf "-"}' "$1"; }
printf '%-16s %-20s %8s %8s %8s %8s %9s %-20s %s\n' variant "ready ms (min-max)" RSS_1min RSS_5min RSS_10m peak_MiB "CPU_%core" "scrape ms (min-max)" load
for variant in "$@"; do
  name=${variant%%:*}; csv=$OUT/$name.csv
  printf '%-16s %-20s %8s %8s %8s %8.1f %9s %-20s %s\n' "$name" \
    "$(stats < "$OUT/$name.ready" | awk '{printf "%.0f (%.0f-%.0f)", $2, $4, $6}')" \
    "$(mib_at "$csv" 60)" "$(mib_at "$csv" 300)" "$(mib_at "$csv" 600)" \
    "$(awk '/^# peak_kib/{print $3 / 1024}' "$csv")" \
    "$(awk -F, -v hz="$hz" 'NR == 2 {t0 = $1; c0 = $3} /^[0-9]/ {t = $1; c = $3} END {printf "%.2f", 100 * (c - c0) / hz / (t - t0)}' "$csv")" \
    "$(awk -F, '/^[0-9]/{print $4}' "$csv" | stats | awk '{printf "%.1f (%.1f-%.1f)", $2, $4, $6}')" \
    "$(awk -F, '/^[0-9]/{s += $5; n++} END {printf "%.1f", s / n}' "$csv")"
done
