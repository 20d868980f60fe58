/* Compatibility case "allow-unknown": a static_map with allow_unknown names the values it lists
 * and passes the others through unchanged (5 stays "5", not "unknown:5"); its label is not an
 * enumeration, so nothing is seeded at 0. Per driver call: 0 ("zero") += 1, 5 += 2. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_allow_unknown_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_allow_unknown_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_allow_unknown, struct pt_regs *regs, long id)
{
    u32 listed = 0;
    u32 unlisted = 5;

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_allow_unknown_total, &listed, 1, &compat_allow_unknown_total_overflow);
    increment_map(&compat_allow_unknown_total, &unlisted, 2, &compat_allow_unknown_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
