/* Compatibility case "histogram-cpu": a histogram in a per-CPU hash whose labels end with cpu
 * after the bucket, one histogram per possible CPU. CompatSuiteIT pins the driver to CPU 0, so
 * every observation lands there and the other CPUs' histograms are all zeros. Per driver call it
 * observes 1 (slot 0) and 3 (slot 2). */
#include "compat.bpf.h"
#include "histogram.bpf.h"

#define MAX_SLOT 3

struct cpu_histogram_key {
    u64 slot;
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 8);
    __type(key, struct cpu_histogram_key);
    __type(value, u64);
} compat_histogram_cpu_observations SEC(".maps");

METRIC_OVERFLOW_MAP(compat_histogram_cpu_observations);

/* Counts value in its slot and adds it to the sum slot, in this CPU's copies. */
static __always_inline void observe(u64 value)
{
    u64 slot = exp2_slot(value);
    struct cpu_histogram_key key = { .slot = slot > MAX_SLOT ? MAX_SLOT : slot };

    increment_percpu_map(&compat_histogram_cpu_observations, &key, 1,
                         &compat_histogram_cpu_observations_overflow);
    key.slot = MAX_SLOT + 1;
    increment_percpu_map(&compat_histogram_cpu_observations, &key, value,
                         &compat_histogram_cpu_observations_overflow);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_histogram_cpu, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    observe(1);
    observe(3);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
