/* Test program on a perf event: the software cpu-clock (PERF_TYPE_SOFTWARE = 1,
 * PERF_COUNT_SW_CPU_CLOCK = 0), which the exporter opens on every online CPU. cpu-clock is an
 * hrtimer, so a CPU is sampled at the frequency whether busy or idle: PerfEventIT expects each
 * CPU's count to be frequency x elapsed time. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, u32);
    __type(value, u64);
} cpu_clock_samples SEC(".maps");

METRIC_OVERFLOW_MAP(cpu_clock_samples);

SEC("perf_event/type=1,config=0,frequency=1000")
int on_cpu_clock(struct bpf_perf_event_data *ctx)
{
    u32 cpu = bpf_get_smp_processor_id();

    increment_map(&cpu_clock_samples, &cpu, 1, &cpu_clock_samples_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
