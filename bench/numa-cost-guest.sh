# bench/numa-cost.sh's guest script (bash in the two-node guest of scripts/vm/boot.sh, which sees
# the host's files at their paths): the numa config and libbpf-tools' numamove attached together
# with bpf_stats on, under NUMA workloads; leaves progs.txt (bpftool prog show), metrics.prom and
# numamove.log in WORK.
#   numa-cost-guest.sh WORK NUMA_WORKLOAD JAR
set -u
work=$1 workload=$2 jar=$3
up() { cut -d' ' -f1 /proc/uptime; }
sysctl -qw kernel.numa_balancing=1 kernel.bpf_stats_enabled=1
(cd /sys/kernel/debug/sched/numa_balancing && echo 0 > scan_delay_ms && echo 100 > scan_period_min_ms \
  && echo 400 > scan_period_max_ms)
taskset -c 0 java @deploy/jvm.options -jar "$jar" --config.dir "$work/numa" --drain.interval 500ms \
  --web.listen-address 127.0.0.1:9435 > "$work/exporter.log" 2>&1 &
taskset -c 0 stdbuf -oL /usr/sbin/numamove > "$work/numamove.log" 2>&1 &
until curl -sf -o /dev/null http://127.0.0.1:9435/metrics; do sleep 0.2; done
until grep -q NUMA_migrations "$work/numamove.log"; do sleep 0.2; done
echo "NUMA-COST both attached at $(up)s"
"$workload" pages 128 20 vmstat:numa_pages_migrated 30000 > /dev/null
# Each for its full 3 s: the counter it watches never rises by that much.
for mode in move swap stick; do "$workload" "$mode" 64 3 vmstat:numa_pages_migrated 1000000000 > /dev/null; done
sleep 2   # numamove prints (and resets) its totals every second; the exporter drains every 0.5 s
echo "NUMA-COST workloads done at $(up)s: numa_pages_migrated $(awk '$1 == "numa_pages_migrated" { print $2 }' /proc/vmstat)"
bpftool prog show > "$work/progs.txt"
curl -s http://127.0.0.1:9435/metrics > "$work/metrics.prom"
