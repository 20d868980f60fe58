#!/usr/bin/env bash
# A load of OOM kills for bench/program-cost.sh: N (default 20) runs of the test helper
# oom-victim, each killed by the OOM killer of a fresh 32 MiB memory cgroup (cgroup v2 where its
# root enables the memory controller, else the v1 memory hierarchy), which only its tasks can be
# chosen from. The cgroup is removed on exit.
#   bench/program-cost.sh oomkill 'sleep 600' 'bash bench/oom-kills.sh 20'
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20}
victim=exporter/target/oom-victim
[ -x "$victim" ] || gcc -O2 -Wall -Werror -o "$victim" exporter/src/test/c/oom-victim.c
# mountinfo: the file system type follows the "-" that ends a variable number of optional fields.
v2=$(awk '{for (i = 7; i < NF; i++) if ($i == "-") break} $(i + 1) == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
if [ -n "$v2" ] && grep -qw memory "$v2/cgroup.subtree_control"; then
  cg=$v2/oom-kills-$$; mkdir "$cg"; echo $((32 << 20)) > "$cg/memory.max"
else
  cg=/sys/fs/cgroup/memory/oom-kills-$$; mkdir "$cg"; echo $((32 << 20)) > "$cg/memory.limit_in_bytes"
fi
trap 'for _ in $(seq 50); do rmdir "$cg" 2>/dev/null && break; sleep 0.1; done' EXIT
for _ in $(seq "$N"); do
  "$victim" oomload 256 exit "$cg/cgroup.procs" && { echo "oom-victim was not killed" >&2; exit 1; }
done
exit 0
