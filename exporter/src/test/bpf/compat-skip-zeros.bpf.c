/* Compatibility case "skip-zeros": an array of four slots, of which the driver's calls hit only
 * slots 1 and 3; with skip_zeros the untouched slots 0 and 2 are not exposed. Per driver call:
 * slot 1 += 1, slot 3 += 2. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_skip_zeros_total SEC(".maps");

static __always_inline void add(u32 slot, u64 inc)
{
    u64 *count = bpf_map_lookup_elem(&compat_skip_zeros_total, &slot);

    if (count)
        __sync_fetch_and_add(count, inc);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_skip_zeros, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    add(1, 1);
    add(3, 2);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
