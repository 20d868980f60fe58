/* Compatibility case "max-entries": the map is declared with room for one key and the config's
 * max_entries 4 resizes it before load, so the three keys of each call all fit (without it, two
 * of them would be counted in the [overflow] series). Per driver call: keys 1, 2, 3 += 1 each. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u64);
} compat_max_entries_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_max_entries_total);

static __always_inline void add(u32 key)
{
    increment_map(&compat_max_entries_total, &key, 1, &compat_max_entries_total_overflow);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_max_entries, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    add(1);
    add(2);
    add(3);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
