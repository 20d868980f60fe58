#!/usr/bin/env bash
# RSS under key churn (x86_64): N distinct keys (default 1,000,000), RATE new ones a second
# (default 5,000), each counted once by bench/churn/churn.bpf.c and then idle for good; the map
# (65,536 entries) retires keys unchanged for 2 s, drained every second. Prints the exporter's RSS
# before the churn and at each quarter of it, the most keys seen in the map, the keys retired
# and the increments that found the map full (should be 0).
#   bench/churn.sh [N] [RATE]     JAVA_OPTS defaults to the recommended flags (@deploy/jvm.options)
source "$(dirname "$0")/common.sh"
N=${1:-1000000}
RATE=${2:-5000}
PORT=${PORT:-19502}
JAVA_OPTS=${JAVA_OPTS:-@deploy/jvm.options}
work_dir

gcc -O2 -o "$work/churn-driver" bench/churn/churn-driver.c
make -s -C programs SRCDIR="$PWD/bench/churn" OUT="$work/objects"
mkdir -p "$work/cfg"
cp bench/churn/churn.yaml "$work/objects/churn.bpf.o" "$work/cfg/"
start_exporter "$PORT" --config.dir "$work/cfg" --drain.interval 1s
url="127.0.0.1:$PORT/metrics"
metric() { curl -s "$url" | awk -v m="$1" '$1 ~ "^"m"[{ ]" {s += $2} END {printf "%.0f", s}'; }
sleep 5
rss_start=$(rss_mib "$EXPORTER_PID")
began=$SECONDS
"$work/churn-driver" "$N" "$RATE" &
driver=$!
while kill -0 "$driver" 2>/dev/null; do # one sample a second: seconds, RSS MiB, keys in the map, drain s
  echo "$((SECONDS - began)) $(rss_mib "$EXPORTER_PID") $(metric ebpf_exporter_map_entries)" \
    "$(curl -s "$url" | awk '/^ebpf_exporter_drain_duration_seconds /{print $2}')" >> "$work/samples"
  sleep 1
done
sleep 5 # every key idle long enough to be retired
# RSS and keys in the map before the churn, then at a quarter, half, three quarters and the end of it
echo "RSS MiB / keys in the map: start $rss_start / 0; $(awk '{r[NR] = $2; k[NR] = $3} END {
  for (q = 1; q <= 4; q++) { i = int(NR * q / 4); printf "%d%%: %s / %s; ", q * 25, r[i], k[i] } }' "$work/samples")" \
  "after: $(rss_mib "$EXPORTER_PID") / $(metric ebpf_exporter_map_entries) (RSS max $(sort -k2 -g "$work/samples" | tail -1 | cut -d' ' -f2))"
echo -n "drain duration, seconds: "; cut -d' ' -f4 "$work/samples" | stats
echo "keys in the map: at most $(sort -k3 -g "$work/samples" | tail -1 | cut -d' ' -f3), now $(metric ebpf_exporter_map_entries);" \
  "retired: $(metric ebpf_exporter_map_keys_retired_total); increments that found it full:" \
  "$(metric ebpf_exporter_map_overflow_total); series now: $(curl -s "$url" | grep -c '^ebpf_exporter_churn_keys_total{')"
