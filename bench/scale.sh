#!/usr/bin/env bash
# Drain and scrape cost at N series (default 10000): comm-spray makes page faults under N distinct
# comms, so the page-faults map really holds N+ keys filled by the kernel program.
#   bench/scale.sh [N]
source "$(dirname "$0")/common.sh"
N=${1:-10000}
PORT=${PORT:-19501}
work_dir

gcc -O2 -o "$work/comm-spray" bench/comm-spray.c
cp configs/page-faults.yaml exporter/target/bpf/page-faults.bpf.o "$work/"
sed -i "/^      help:/a\\      max_entries: $((2 * N + 8192))" "$work/page-faults.yaml"
start_exporter "$PORT" --config.dir "$work" --drain.interval 1s
"$work/comm-spray" "$N"
sleep 2.5

url="127.0.0.1:$PORT/metrics"
series=$(curl -s "$url" | grep -c '^ebpf_exporter_page_faults_total{')
echo "series: $series ebpf_exporter_page_faults_total"
echo -n "drain duration, seconds: "
for _ in $(seq 1 10); do
  curl -s "$url" | awk '/^ebpf_exporter_drain_duration_seconds /{print $2}'; sleep 1
done | stats
scrape() { # name, curl args
  local name=$1; shift
  curl -s -o /dev/null "$@" "$url" # warm-up
  echo -n "scrape $name, seconds: "
  for _ in $(seq 1 20); do curl -s -o /dev/null -w '%{time_total}\n' "$@" "$url"; done | stats
  echo "  bytes: $(curl -s "$@" "$url" | wc -c)"
}
scrape "text 0.0.4" -H 'Accept: text/plain'
scrape "OpenMetrics" -H 'Accept: application/openmetrics-text; version=1.0.0'
scrape "protobuf" -H 'Accept: application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited'
scrape "text gzip" -H 'Accept: text/plain' -H 'Accept-Encoding: gzip'
