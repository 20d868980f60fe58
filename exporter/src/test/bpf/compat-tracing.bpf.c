/* Compatibility case "tracing": the config also has ebpf_exporter's tracing section, which is
 * ignored; its counter runs as usual. Per driver call: 1. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_tracing_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_tracing_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_tracing, struct pt_regs *regs, long id)
{
    u32 zero = 0;

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_tracing_total, &zero, 1, &compat_tracing_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
