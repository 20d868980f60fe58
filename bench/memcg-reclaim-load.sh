#!/usr/bin/env bash
# A load of memory-cgroup reclaims for bench/program-cost.sh: a v1 (or v2) memory cgroup limited to
# 16 MiB, and the test helper exporter/src/test/c/direct-reclaim-stall.c reading a 256 MiB file on
# disk through the page cache PASSES times (each page read past the limit makes its charge
# reclaim: mm_vmscan_memcg_reclaim_begin/end). The cgroup and the file are removed on exit.
#   bench/memcg-reclaim-load.sh [PASSES=20]
#   bench/program-cost.sh direct-reclaim drsnoop 'bash bench/memcg-reclaim-load.sh'
set -euo pipefail
cd "$(dirname "$0")/.."
PASSES=${1:-20}
work=$(mktemp -d --tmpdir=exporter/target memcg-reclaim-load.XXXXXX)
if [ -e /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
  cgroup=/sys/fs/cgroup/memory/bench-memcg-reclaim-$$ limit=memory.limit_in_bytes
else
  cgroup=/sys/fs/cgroup/bench-memcg-reclaim-$$ limit=memory.max
fi
trap 'rmdir "$cgroup" 2>/dev/null; rm -rf "$work"' EXIT
gcc -O2 -o "$work/stall" exporter/src/test/c/direct-reclaim-stall.c
dd if=/dev/zero of="$work/file" bs=1M count=256 conv=fsync status=none
mkdir "$cgroup"
echo $((16 << 20)) > "$cgroup/$limit"
"$work/stall" memcg-load "$cgroup/cgroup.procs" read "$work/file" "$PASSES"
