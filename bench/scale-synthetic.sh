#!/usr/bin/env bash
# Scale of the user-space path: a map of N synthetic series (filled from user space with bpftool,
# no BPF program) read by the exporter; drain time, scrape time per format, bytes, RSS.
#   bench/scale-synthetic.sh counter|histogram N...     e.g. counter 1000 10000 100000 1000000
# A histogram series set per id is 9 buckets + _sum + _count = 11 series from 10 map keys.
source "$(dirname "$0")/common.sh"
KIND=$1; shift
PORT=${PORT:-19507}
work=$(mktemp -d)
trap 'stop_exporter; rm -rf "$work"' EXIT
make -s -C programs SRCDIR="$PWD/bench/synthetic" OUT="$work/objects"


# fill MAP_ID N: batch file of bpftool updates, run in one bpftool process
fill() {
  local map=$1 n=$2
  if [ "$KIND" = counter ]; then
    awk -v m="$map" -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
      printf "map update id %d key hex %02x %02x %02x %02x value hex %02x 00 00 00 00 00 00 00\n", m,
        i % 256, int(i / 256) % 256, int(i / 65536) % 256, int(i / 16777216) % 256, i % 200 + 1 }'
  else
    awk -v m="$map" -v n="$n" 'BEGIN { for (i = 0; i < n; i++) for (s = 0; s <= 9; s++)
      printf "map update id %d key hex %02x %02x %02x %02x %02x 00 00 00 value hex %02x 00 00 00 00 00 00 00\n", m,
        i % 256, int(i / 256) % 256, int(i / 65536) % 256, int(i / 16777216) % 256, s, s + 1 }'
  fi > "$work/batch"
  bpftool batch file "$work/batch" > /dev/null
}

map_id() { # name prefix (kernel names are cut at 15 characters) of a map the exporter holds
  local fd id
  for fd in /proc/"$EXPORTER_PID"/fd/*; do
    [ "$(readlink "$fd")" = anon_inode:bpf-map ] || continue
    id=$(awk '/^map_id:/{print $2}' "/proc/$EXPORTER_PID/fdinfo/${fd##*/}")
    [[ "$(bpftool map show id "$id")" == *"name $1 "* ]] && { echo "$id"; return; }
  done
}

echo "kernel $(uname -r), $(nproc) CPUs; $KIND maps; times in ms, median of 5 (drain) / 10 (scrapes)"
printf '%9s %9s %8s %8s %8s %8s %8s %11s %9s %8s\n' series keys drain text openmetr protobuf gzip text_bytes gz_bytes rss_MiB
for n in "$@"; do
  if [ "$KIND" = counter ]; then keys=$n; ids=$n; map=synthetic_event; else ids=$((n / 11)); keys=$((ids * 10)); map=synthetic_laten; fi
  mkdir -p "$work/cfg"; cp "$work/objects/synthetic.bpf.o" "$work/cfg/"
  sed "s/max_entries: 1024/max_entries: $keys/" bench/synthetic/synthetic.yaml > "$work/cfg/synthetic.yaml"
  start_exporter "$PORT" --config.dir "$work/cfg" --drain.interval 5s
  fill "$(map_id $map)" "$ids"
  url="127.0.0.1:$PORT/metrics"
  sleep 6
  drain=$(for _ in 1 2 3 4 5; do curl -s "$url" | awk '/^ebpf_exporter_drain_duration_seconds /{print $2 * 1000}'; sleep 5; done | stats | awk '{print $2}')
  t() { curl -s -o /dev/null "$@" "$url"; for _ in $(seq 1 10); do curl -s -o /dev/null -w '%{time_total}\n' "$@" "$url"; done | awk '{print $1 * 1000}' | stats | awk '{print $2}'; }
  text=$(t -H 'Accept: text/plain')
  om=$(t -H 'Accept: application/openmetrics-text; version=1.0.0')
  pb=$(t -H 'Accept: application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited')
  gz=$(t -H 'Accept: text/plain' -H 'Accept-Encoding: gzip')
  bytes=$(curl -s "$url" | wc -c); gzbytes=$(curl -s -H 'Accept-Encoding: gzip' "$url" | wc -c)
  rss=$(awk '/VmRSS/{printf "%.0f", $2 / 1024}' "/proc/$EXPORTER_PID/status")
  printf '%9d %9d %8.1f %8.1f %8.1f %8.1f %8.1f %11d %9d %8d\n' "$n" "$keys" "$drain" "$text" "$om" "$pb" "$gz" "$bytes" "$gzbytes" "$rss"
  stop_exporter
done
