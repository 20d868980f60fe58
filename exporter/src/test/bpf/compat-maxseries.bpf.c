/* Compatibility case "maxseries": max_series 2 on a counter of three label values. An array map,
 * so the order the exporter first sees the keys in is their index order: slots 0 and 1 get series,
 * slot 2 goes to [overflow]. Per driver call: slot 0 += 1, slot 1 += 2, slot 2 += 4. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 3);
    __type(key, u32);
    __type(value, u64);
} compat_maxseries_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_maxseries_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_maxseries, struct pt_regs *regs, long id)
{
    u32 zero = 0, one = 1, two = 2;

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_maxseries_total, &zero, 1, &compat_maxseries_total_overflow);
    increment_map(&compat_maxseries_total, &one, 2, &compat_maxseries_total_overflow);
    increment_map(&compat_maxseries_total, &two, 4, &compat_maxseries_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
