#!/usr/bin/env bash
# Renders the CSV of bench/scale-vs-node-exporter.sh as a PNG: time (our drain, both exporters'
# scrapes), RSS and CPU per scrape against the number of series, log-log.
#   bench/plot-scale.sh [CSV=docs/scale.csv] [PNG=docs/scale.png]
set -euo pipefail
cd "$(dirname "$0")/.."
CSV=${1:-docs/scale.csv}
PNG=${2:-docs/scale.png}
ours="< grep ',ours,' $CSV"
node="< grep ',node_exporter,' $CSV"
gnuplot <<GNUPLOT
set terminal pngcairo size 1500,520 font ",11"
set output "$PNG"
set datafile separator ","
set key top left Left reverse
set logscale xy
set grid
set xrange [500:2000000]
set xlabel "series"
set format x "10^{%T}"
set multiplot layout 1,3 title "ebpf-exporter vs node\\\\_exporter's textfile collector, the same counter series"
set ylabel "ms"
set title "drain and scrape time (median)"
plot "$ours" using 1:4 with linespoints lw 2 lc "black" title "ours: drain (every 5 s)", \
     "$ours" using 1:5 with linespoints lw 2 lc "blue" title "ours: scrape, text", \
     "$ours" using 1:6 with linespoints lw 2 lc "skyblue" title "ours: scrape, text + gzip", \
     "$node" using 1:5 with linespoints lw 2 dt 2 lc "red" title "node\\\\_exporter: scrape, text", \
     "$node" using 1:6 with linespoints lw 2 dt 2 lc "orange" title "node\\\\_exporter: scrape, text + gzip"
set ylabel "MiB"
set title "RSS after the scrapes"
plot "$ours" using 1:9 with linespoints lw 2 lc "blue" title "ours", \
     "$node" using 1:9 with linespoints lw 2 dt 2 lc "red" title "node\\\\_exporter"
set ylabel "ms of CPU"
set title "CPU per text scrape (ours without the drain)"
plot "$ours" using 1:10 with linespoints lw 2 lc "blue" title "ours", \
     "$node" using 1:10 with linespoints lw 2 dt 2 lc "red" title "node\\\\_exporter"
unset multiplot
GNUPLOT
