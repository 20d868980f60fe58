/* Compatibility case "value-multiplier": a counter of milliseconds exposed in seconds
 * (value_multiplier 0.001), scaled exactly: 3 × 1500 ms is 4.5 s, 3 × 1 ms is 0.003 s (not
 * 0.0030000000000000001). Per driver call: long += 1500, short += 1. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_value_multiplier_seconds_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_value_multiplier_seconds_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_value_multiplier, struct pt_regs *regs, long id)
{
    u32 longer = 0;
    u32 shorter = 1;

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_value_multiplier_seconds_total, &longer, 1500,
                  &compat_value_multiplier_seconds_total_overflow);
    increment_map(&compat_value_multiplier_seconds_total, &shorter, 1,
                  &compat_value_multiplier_seconds_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
