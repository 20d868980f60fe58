#!/usr/bin/env bash
# RSS under key churn: comm-spray makes page faults under N distinct comms (default 1,000,000), one
# child after another, through the page-faults program with its idle_timeout cut to 2 s (keys of a
# comm leave the map 2 s after its last fault) and max_entries raised to 65,536 for the fork rate.
# Prints the exporter's RSS before the churn, at its middle and at its end, the keys retired, the
# most keys seen in the map, and the increments that found it full (should be 0).
#   bench/churn.sh [N]          JAVA_OPTS defaults to the recommended flags (@deploy/jvm.options)
source "$(dirname "$0")/common.sh"
N=${1:-1000000}
PORT=${PORT:-19502}
JAVA_OPTS=${JAVA_OPTS:-@deploy/jvm.options}
work_dir

gcc -O2 -o "$work/comm-spray" bench/comm-spray.c
cp configs/page-faults.yaml exporter/target/bpf/page-faults.bpf.o "$work/"
sed -i 's/^      idle_timeout: .*/      idle_timeout: 2s\n      max_entries: 65536/' "$work/page-faults.yaml"
grep -q 'idle_timeout: 2s' "$work/page-faults.yaml" || { echo "page-faults.yaml has no idle_timeout" >&2; exit 1; }
start_exporter "$PORT" --config.dir "$work" --drain.interval 1s
url="127.0.0.1:$PORT/metrics"
metric() { curl -s "$url" | awk -v m="$1" '$1 ~ "^"m"[{ ]" {s += $2} END {printf "%.0f", s}'; }
sleep 5
rss_start=$(rss_mib "$EXPORTER_PID")
began=$SECONDS
"$work/comm-spray" "$N" &
spray=$!
while kill -0 "$spray" 2>/dev/null; do # one sample a second: seconds, RSS MiB, keys in the map
  echo "$((SECONDS - began)) $(rss_mib "$EXPORTER_PID") $(metric ebpf_exporter_map_entries)" >> "$work/samples"
  sleep 1
done
sleep 5
echo "$N comms in $((SECONDS - began - 5)) s"
echo "RSS, MiB: start $rss_start, middle $(awk '{r[NR] = $2} END {print r[int((NR + 1) / 2)]}' "$work/samples")," \
  "end $(rss_mib "$EXPORTER_PID") (max during the churn $(sort -k2 -g "$work/samples" | tail -1 | cut -d' ' -f2))"
echo "keys in the map: at most $(sort -k3 -g "$work/samples" | tail -1 | cut -d' ' -f3), now $(metric ebpf_exporter_map_entries);" \
  "retired: $(metric ebpf_exporter_map_keys_retired_total); increments that found it full: $(metric ebpf_exporter_map_overflow_total)"
