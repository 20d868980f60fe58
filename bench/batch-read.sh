#!/usr/bin/env bash
# The kernel's share of draining N synthetic counter series: bpf_map_lookup_batch of the whole
# map from a small C program (bench/batch-read.c), ROUNDS reads, median (min-max) in ms. Compare
# with the drain of bench/scale-synthetic.sh for the same N: the difference is the Java side.
#   bench/batch-read.sh [N=100000] [ROUNDS=15]
source "$(dirname "$0")/common.sh"
N=${1:-100000}
ROUNDS=${2:-15}
PORT=${PORT:-19508}
work_dir

gcc -O2 -Wall -o "$work/batch-read" bench/batch-read.c -lbpf
start_synthetic "$work" counter "$N" "$PORT"
echo "kernel $(uname -r), $(nproc) CPUs, load $(load1); bpf_map_lookup_batch of $KEYS keys, $ROUNDS reads, ms:"
"$work/batch-read" "$(map_id synthetic_event)" "$ROUNDS" | awk '{print $1}' | stats
