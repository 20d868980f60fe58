#!/usr/bin/env bash
# Soak under churn, accelerated: bench/soak/task-churn.c creates and destroys RATE processes and
# cgroups a second (default 100), each with a comm, pid and cgroup id of its own, while the exporter
# runs the shipped page-faults (keyed by comm) and run-queue-latency-cgroup (keyed by cgroup id,
# decoded to a path) configs with idle_timeout shortened to IDLE (default 5s), drains every 100 ms
# and is scraped every second. So map keys, the drain's key caches and the cgroup decoder's path
# cache (16,384 entries) turn over many times. Prints, per minute: RSS, series served, scrape time
# (p50/p99/max), keys in the maps and keys retired so far; then a verdict: flat when, after the
# first (warm-up) minute, the second half's peak RSS and median scrape time are at most 1.10 and
# 1.5 times the first half's, no increment found a map full, and once the churn has stopped and
# its keys have idled out the series served are back to what they were before it (at most 1.25
# times: other processes on the machine fault pages too). Peak series per half are shown but not
# judged: they follow the churn rate, which the machine's load moves.
#   bench/soak.sh [DURATION] [RATE]     DURATION: 90s, 10m, 2h (default 10m)
#   JAVA_OPTS defaults to the recommended flags (@deploy/jvm.options)
source "$(dirname "$0")/common.sh"
DURATION=${1:-10m}
RATE=${2:-100}
IDLE=${IDLE:-5s}
PORT=${PORT:-19503}
JAVA_OPTS=${JAVA_OPTS:-@deploy/jvm.options}
case $DURATION in
  *h) seconds=$((${DURATION%h} * 3600)) ;;
  *m) seconds=$((${DURATION%m} * 60)) ;;
  *) seconds=${DURATION%s} ;;
esac
work_dir
cgroups=$(findmnt -n -t cgroup2 -o TARGET | head -1)/ebpf-soak.$$
churn=
# The churn first (its cgroups can only go once it stops), then what work_dir cleans up.
trap '[ -z "$churn" ] || { kill -TERM "$churn"; wait "$churn"; }; rmdir "$cgroups"/c* "$cgroups" 2>/dev/null || true;
  stop_exporter; rm -rf "$work"' EXIT

gcc -O2 -o "$work/task-churn" bench/soak/task-churn.c
mkdir -p "$work/cfg" "$cgroups"
for config in page-faults run-queue-latency-cgroup; do
  cp "configs/$config.yaml" "exporter/target/bpf/$config.bpf.o" "$work/cfg/"
done
sed -i -E "s/^( *idle_timeout:) [^ #]+/\1 $IDLE/" "$work/cfg"/*.yaml
start_exporter "$PORT" --config.dir "$work/cfg" --drain.interval 100ms
url="127.0.0.1:$PORT/metrics"

# One sample a second: seconds, RSS MiB, series served, scrape ms, keys in the maps, keys retired,
# increments that found a map full.
sample() {
  local ms
  ms=$(curl -s -o "$work/body" -w '%{time_total}' "$url" | awk '{print $1 * 1000}')
  awk -v t="$1" -v rss="$(rss_mib "$EXPORTER_PID")" -v ms="$ms" '
    !/^#/ { series++ }
    /^ebpf_exporter_map_entries\{/ { entries += $2 }
    /^ebpf_exporter_map_keys_retired_total\{/ { retired += $2 }
    /^ebpf_exporter_map_overflow_total\{/ { overflow += $2 }
    END { printf "%d %d %d %.1f %d %d %d\n", t, rss, series, ms, entries, retired, overflow }' "$work/body"
}
# summary FROM TO: the samples of [FROM, TO) s as "peak RSS, peak series, scrape p50 p99 max, keys
# in the maps at the end, retired at the end".
summary() {
  awk -v from="$1" -v to="$2" '$1 >= from && $1 < to' "$work/samples" | sort -k4 -g | awk '
    { ms[NR] = $4; if ($2 > rss) rss = $2; if ($3 > series) series = $3; if ($1 >= last) { last = $1; entries = $5; retired = $6 } }
    END { printf "%d %d %.1f %.1f %.1f %d %d\n", rss, series, ms[int((NR + 1) / 2)], ms[int(NR * 0.99 + 0.999)], ms[NR], entries, retired }'
}

sleep 2 # a drain or two with every config loaded
sample 0 > "$work/before"
"$work/task-churn" "$cgroups" "$RATE" > "$work/rounds" &
churn=$!
echo "RATE $RATE processes and cgroups a second, idle_timeout $IDLE, drain every 100 ms, $seconds s;" \
  "RSS at start $(rss_mib "$EXPORTER_PID") MiB, load $(load1)"
echo "minute  RSS MiB  series  scrape ms p50 / p99 / max  keys in maps  keys retired  load"
began=$SECONDS
while [ $((SECONDS - began)) -lt "$seconds" ]; do
  sample $((SECONDS - began)) >> "$work/samples"
  sleep 1
  minute=$(((SECONDS - began) / 60))
  if [ "$minute" != "${reported:-0}" ]; then
    read -r rss series p50 p99 max entries retired <<< "$(summary $(((minute - 1) * 60)) $((minute * 60)))"
    printf "%6d  %7d  %6d  %9s / %s / %s  %12d  %12d  %s\n" "$minute" "$rss" "$series" "$p50" "$p99" "$max" \
      "$entries" "$retired" "$(load1)"
    reported=$minute
  fi
done
kill -TERM "$churn"; wait "$churn"; churn=
sleep "$IDLE"; sleep 2 # every churned key idle long enough to be retired, and drained
sample "$seconds" > "$work/after"
rounds=$(cat "$work/rounds")
overflow=$(tail -1 "$work/samples" | cut -d' ' -f7)
echo "processes and cgroups made: $rounds ($((rounds / seconds)) a second, the cgroup path cache cycled" \
  "at least $((rounds / 16384)) times); keys retired: $(tail -1 "$work/samples" | cut -d' ' -f6);" \
  "increments that found a map full: $overflow; RSS at the end $(rss_mib "$EXPORTER_PID") MiB"
series0=$(cut -d' ' -f3 "$work/before")
series_after=$(cut -d' ' -f3 "$work/after")
echo "series served before the churn: $series0; after it stopped and its keys idled out: $series_after"
half=$(((seconds + 60) / 2))
read -r rss1 series1 p501 _ <<< "$(summary 60 "$half")"
read -r rss2 series2 p502 _ <<< "$(summary "$half" "$seconds")"
echo "first half (after minute 1) / second half: peak RSS $rss1 / $rss2 MiB, peak series $series1 / $series2," \
  "median scrape $p501 / $p502 ms"
awk -v r1="$rss1" -v r2="$rss2" -v s0="$series0" -v s="$series_after" -v p1="$p501" -v p2="$p502" -v o="$overflow" 'BEGIN {
  flat = r2 <= 1.10 * r1 && s <= 1.25 * s0 && p2 <= 1.5 * p1 && o == 0
  print "verdict: " (flat ? "flat" : "NOT flat") }'
