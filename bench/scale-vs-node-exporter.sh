#!/usr/bin/env bash
# Side by side with Debian's prometheus-node-exporter, textfile collector only, serving the same N
# counter series: ours reads a synthetic map (as bench/scale-synthetic.sh), node_exporter a .prom
# file holding our own exposition of that map (same names, labels and values). Per N, in the same
# run, one exporter at a time: scrape time (text, text + gzip; median of 10), bytes, RSS after the
# scrapes, CPU per text scrape (schedstat of every thread, ours without its drain thread: the drain,
# every 5 s whatever the scrapes, is its own column). Writes CSV (default docs/scale.csv), then
# renders it with bench/plot-scale.sh (default docs/scale.png). Ours runs with the recommended JVM
# flags and the heap cap docs/operations.md gives for 1M series (the heap grows only as needed).
#   bench/scale-vs-node-exporter.sh N...     e.g. 1000 10000 100000 1000000
source "$(dirname "$0")/common.sh"
export JAVA_OPTS=${JAVA_OPTS-@deploy/jvm.options -Xmx1g}
PORT=${PORT:-19530}
NODE_PORT=${NODE_PORT:-19531}
CSV=${CSV:-docs/scale.csv}
work=$(mktemp -d)
trap 'stop_exporter; [ -z "${NODE_PID:-}" ] || kill "$NODE_PID" 2>/dev/null; rm -rf "$work"' EXIT

# measure NAME DRAIN_MS PID URL [THREAD]: one CSV line (served: the synthetic series the exporter
# serves, N if all is well); THREAD is left out of the CPU time.
measure() {
  local name=$1 drain=$2 pid=$3 url=$4 text gzip cpu0 cpu1
  text=$(scrape_ms "$url" -H 'Accept: text/plain')
  gzip=$(scrape_ms "$url" -H 'Accept: text/plain' -H 'Accept-Encoding: gzip')
  cpu0=$(cpu_ns "$pid" "${5:-}")
  for _ in $(seq 1 10); do curl -s -o /dev/null -H 'Accept: text/plain' "$url"; done
  cpu1=$(cpu_ns "$pid" "${5:-}")
  echo "$N,$name,$(curl -s "$url" | grep -c '^ebpf_exporter_synthetic_events_total{'),$drain,$text,$gzip,$(curl -s "$url" | wc -c),$(curl -s -H 'Accept-Encoding: gzip' "$url" | wc -c),$(
    rss_mib "$pid"),$(awk -v d=$((cpu1 - cpu0)) 'BEGIN {printf "%.1f", d / 10 / 1e6}'),$(load1)"
}

echo "series,exporter,served,drain_ms,text_ms,gzip_ms,text_bytes,gzip_bytes,rss_mib,cpu_ms_per_scrape,load1" > "$CSV"
mkdir -p "$work/textfile"
for N in "$@"; do
  start_synthetic "$work" counter "$N" "$PORT"
  url="127.0.0.1:$PORT/metrics"
  sleep 6
  measure ours "$(drain_ms "$url")" "$EXPORTER_PID" "$url" ebpf-drain >> "$CSV"
  curl -s -H 'Accept: text/plain' "$url" | grep -E '^(# (HELP|TYPE) )?ebpf_exporter_synthetic_events_total' \
    > "$work/textfile/synthetic.prom"
  stop_exporter

  prometheus-node-exporter --web.listen-address "127.0.0.1:$NODE_PORT" --collector.disable-defaults \
    --collector.textfile --collector.textfile.directory "$work/textfile" > /dev/null 2>&1 &
  NODE_PID=$!
  until curl -sf -o /dev/null "127.0.0.1:$NODE_PORT/metrics"; do sleep 0.05; done
  measure node_exporter NaN "$NODE_PID" "127.0.0.1:$NODE_PORT/metrics" >> "$CSV"
  kill "$NODE_PID"; wait "$NODE_PID" || true
done
column -s, -t "$CSV"
bash bench/plot-scale.sh "$CSV" "${PNG:-docs/scale.png}"
