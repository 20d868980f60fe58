/* Compatibility case "percpu-cpu": a per-CPU hash whose metric ends with a cpu label, one series
 * per possible CPU. CompatSuiteIT pins the driver to CPU 0, so every count lands there and the
 * other CPUs show 0. Per driver call: kind 1 += 1, kind 2 += 2 (both on CPU 0). */
#include "compat.bpf.h"
#include "percpu_maps.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_percpu_cpu_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_percpu_cpu_total);

static __always_inline void add(u32 kind, u64 inc)
{
    increment_percpu_map(&compat_percpu_cpu_total, &kind, inc, &compat_percpu_cpu_total_overflow);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_percpu_cpu, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    add(1, 1);
    add(2, 2);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
