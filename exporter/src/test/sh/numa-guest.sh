# NumaIT's guest script (busybox sh inside the numa-rig's two-node Debian guest; guest/lib.sh is
# sourced first). The host side put in /shared: params.sh (JAVA: a host path; JAR: the jar it put
# in /shared, seen at /tmp/shared by in_host; JAVA_OPTS), exporter.jsa (optional class-data archive
# the host dumped: a JVM under emulation starts 3x faster with it), all/ (every shipped config with its object) and numa/ (the
# numa config alone). Results go to /shared/out: check.rc + check.log, exporter.log, and the
# stable points before.{prom,oracle} and after.{prom,oracle}.
#
# A stable point pairs a scrape with the kernel's own counters: read the counters, wait until a
# drain has started after that read and been published, scrape, read the counters again; keep the
# pair only if the counters did not move in between (then the scraped drain saw exactly them).
# Stray migrations of other processes (the JVM's own pages, page cache the check's JVM left on the
# other node) go on while balancing runs, so stable points are taken with automatic NUMA balancing
# paused (kernel.numa_balancing=0: hinting faults already armed may still migrate a few pages, so an
# unequal pair is retried) and the workloads run with it on. Everything in between is counted by
# both sides, strays included.
. /shared/params.sh   # JAVA, JAR, JAVA_OPTS
R=/shared/out; mkdir -p $R
PORT=9435
MP=$T/events/migrate/mm_migrate_pages
say() { echo "NUMA-GUEST $(up)s: $*"; }

host_setup || exit 3
ip link set lo up || exit 3   # the rig leaves loopback down; the exporter is scraped over 127.0.0.1
numa_fast_scan
# The archive must be on a local file system: mapped over 9p it is slower than none.
[ -f /shared/exporter.jsa ] && cp /shared/exporter.jsa /host/tmp/exporter.jsa && JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=/tmp/exporter.jsa"
exporter() { cpus=$1; shift; in_host "exec taskset -c $cpus $JAVA $JAVA_OPTS -jar $JAR $*"; } # CPUS ARGS...

say "config check of every shipped config"
exporter 0,1 --config.dir /tmp/shared/all --config.check > $R/check.log 2>&1
echo $? > $R/check.rc
say "config check exit $(cat $R/check.rc)"

# Oracles: tracefs hist triggers (no BPF). mm_migrate_pages keyed by reason, summing succeeded; the
# numa_misplaced reason's number is read from the event's own format (TRACE_DEFINE_ENUM), not BTF.
MR=$(sed -n 's/.*{\([0-9]*\), "numa_misplaced"}.*/\1/p' $MP/format)
[ -n "$MR" ] || { say "no numa_misplaced in $MP/format"; exit 4; }
echo 'hist:keys=reason:vals=succeeded' > $MP/trigger || exit 4
for e in sched/sched_move_numa sched/sched_swap_numa sched/sched_stick_numa; do count_event $e || exit 4; done
misplaced() { # "calls pages" of mm_migrate_pages with reason numa_misplaced
  awk -v r="$MR" '$1=="{" && $2=="reason:" && $3==r { for (i = 4; i < NF; i++) { if ($i=="hitcount:") h=$(i+1); if ($i=="succeeded:") s=$(i+1) } }
                  END { print h+0, s+0 }' $MP/hist
}
oracle() { echo "numa_pages_migrated=$(vm numa_pages_migrated) misplaced=$(misplaced | tr ' ' ,) move=$(hits sched/sched_move_numa) swap=$(hits sched/sched_swap_numa) stick=$(hits sched/sched_stick_numa)"; }

# Pinned to CPU0: its memory stays local to it, so NUMA balancing leaves the JVM's pages alone and
# stable points come quickly (unpinned, its pages keep moving between the nodes).
say "starting the exporter (numa config, drain 200ms, CPU0)"
exporter 0 --config.dir /tmp/shared/numa --drain.interval 200ms --web.listen-address 127.0.0.1:$PORT > $R/exporter.log 2>&1 &
running=$!
scrape() { in_host curl -sf http://127.0.0.1:$PORT/metrics > /tmp/scrape; }
drains() { awk '/^ebpf_exporter_drains_total/ { print int($2) }' /tmp/scrape; }
i=0
until scrape; do
  kill -0 $running 2>/dev/null || { say "exporter exited"; exit 5; }
  i=$((i+1)); [ $i -lt 300 ] || { say "exporter not ready"; exit 5; }; sleep 0.2
done
say "exporter ready"

stable_point() { # name
  sysctl -qw kernel.numa_balancing=0
  try=1
  while [ $try -le 20 ]; do
    a=$(oracle); scrape || exit 5; d0=$(drains)
    until [ "$(drains)" -ge $((d0 + 2)) ]; do sleep 0.2; scrape || exit 5; done
    b=$(oracle)
    if [ "$a" = "$b" ]; then cp /tmp/scrape $R/$1.prom; echo "$a" > $R/$1.oracle; say "stable point $1 (try $try): $a"; return 0; fi
    try=$((try+1))
  done
  say "no stable point $1; last try: $a -> $b"; exit 6
}
stable_point before
numa_fast_scan
# Each workload runs until its event fired (numaload watches the counter itself), tried up to 3 times.
workload() { # mode stop-counter-file min
  for try in 1 2 3; do
    b=$(stop_count $2)
    NUMALOAD_STOP=$2 NUMALOAD_STOP_MIN=$3 numaload $1 10 64 >> $R/$1.log 2>&1
    [ "$(stop_count $2)" -gt "$b" ] && { say "workload $1 done (try $try)"; return 0; }
  done
  say "workload $1: no event in 3 tries"
}
stop_count() { case $1 in vmstat:*) vm ${1#vmstat:};; *) awk '/Hits:/ { print $2; exit }' $1;; esac; }
workload pages vmstat:numa_pages_migrated 4096
workload bindmove $T/events/sched/sched_move_numa/hist 1
workload bindswap $T/events/sched/sched_swap_numa/hist 1
workload stick $T/events/sched/sched_stick_numa/hist 1
stable_point after
exit 0
