#!/usr/bin/env bash
# Scale of the user-space path: a map of N synthetic series (filled from user space with bpftool,
# no BPF program) read by the exporter; drain time, scrape time per format, bytes, RSS.
#   bench/scale-synthetic.sh counter|histogram N...     e.g. counter 1000 10000 100000 1000000
# A histogram series set per id is 9 buckets + _sum + _count = 11 series from 10 map keys.
source "$(dirname "$0")/common.sh"
KIND=$1; shift
PORT=${PORT:-19507}
work_dir

echo "kernel $(uname -r), $(nproc) CPUs; $KIND maps; times in ms, median of 5 (drain) / 10 (scrapes)"
printf '%9s %9s %8s %8s %8s %8s %8s %11s %9s %8s\n' series keys drain text openmetr protobuf gzip text_bytes gz_bytes rss_MiB
for n in "$@"; do
  start_synthetic "$work" "$KIND" "$n" "$PORT"
  url="127.0.0.1:$PORT/metrics"
  sleep 6
  drain=$(drain_ms "$url")
  text=$(scrape_ms "$url" -H 'Accept: text/plain')
  om=$(scrape_ms "$url" -H 'Accept: application/openmetrics-text; version=1.0.0')
  pb=$(scrape_ms "$url" -H 'Accept: application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited')
  gz=$(scrape_ms "$url" -H 'Accept: text/plain' -H 'Accept-Encoding: gzip')
  bytes=$(curl -s "$url" | wc -c); gzbytes=$(curl -s -H 'Accept-Encoding: gzip' "$url" | wc -c)
  printf '%9d %9d %8.1f %8.1f %8.1f %8.1f %8.1f %11d %9d %8d\n' "$n" "$KEYS" "$drain" "$text" "$om" "$pb" "$gz" "$bytes" "$gzbytes" "$(rss_mib "$EXPORTER_PID")"
  stop_exporter
done
