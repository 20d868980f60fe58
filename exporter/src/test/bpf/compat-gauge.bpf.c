/* Compatibility case "gauge": a map whose values are levels, declared under metrics.gauges. Per
 * driver call, "fixed" is set to 42 and "calls" to the number of calls so far (3 after three). */
#include "compat.bpf.h"

struct gauge_key {
    char name[8];
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, struct gauge_key);
    __type(value, u64);
} compat_gauge_level SEC(".maps");

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_gauge, struct pt_regs *regs, long id)
{
    struct gauge_key fixed = { .name = "fixed" };
    struct gauge_key calls = { .name = "calls" };
    u64 level = 42;
    u64 *count;

    if (!compat_driver_call(id))
        return 0;
    bpf_map_update_elem(&compat_gauge_level, &fixed, &level, BPF_ANY);
    count = lookup_or_insert_zero(&compat_gauge_level, &calls);
    if (count)
        __sync_fetch_and_add(count, 1);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
