# bench/numa-cost.sh's guest script (busybox sh in the numa-rig guest, guest/lib.sh sourced): the
# numa config and libbpf-tools' numamove attached together with bpf_stats on, under the rig's
# NUMA workloads; leaves progs.txt (bpftool prog show), metrics.prom and numamove.log in /shared.
. /shared/params.sh   # JAVA, JAR
host_setup || exit 3
ip link set lo up
numa_fast_scan
sysctl -qw kernel.bpf_stats_enabled=1
in_host "exec taskset -c 0 $JAVA -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $JAR --config.dir /tmp/shared/numa --drain.interval 500ms --web.listen-address 127.0.0.1:9435" > /shared/exporter.log 2>&1 &
in_host "exec taskset -c 0 stdbuf -oL /usr/sbin/numamove" > /shared/numamove.log 2>&1 &
i=0; until in_host curl -sf -o /dev/null http://127.0.0.1:9435/metrics; do i=$((i+1)); [ $i -lt 300 ] || exit 5; sleep 0.2; done
until grep -q NUMA_migrations /shared/numamove.log; do sleep 0.2; done
echo "NUMA-COST both attached at $(up)s"
NUMALOAD_STOP=vmstat:numa_pages_migrated NUMALOAD_STOP_MIN=30000 numaload pages 20 128 > /dev/null 2>&1
for m in bindmove bindswap stick; do numaload $m 3 64 > /dev/null 2>&1; done
sleep 2   # numamove prints (and resets) its totals every second; the exporter drains every 0.5 s
echo "NUMA-COST workloads done at $(up)s: numa_pages_migrated $(vm numa_pages_migrated)"
in_host bpftool prog show > /shared/progs.txt
in_host curl -s http://127.0.0.1:9435/metrics > /shared/metrics.prom
