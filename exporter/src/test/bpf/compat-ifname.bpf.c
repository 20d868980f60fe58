/* Compatibility case "ifname": a u32 interface index decoded by ifname. Per driver call: index 1
 * (the loopback, lo, in every network namespace) += 1; index 0 (no interface has it) += 2. */
#include "compat.bpf.h"

struct ifname_key {
    u32 ifindex;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 8);
    __type(key, struct ifname_key);
    __type(value, u64);
} compat_ifname_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_ifname_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_ifname, struct pt_regs *regs, long id)
{
    struct ifname_key lo = { .ifindex = 1 }, none = { .ifindex = 0 };

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_ifname_total, &lo, 1, &compat_ifname_total_overflow);
    increment_map(&compat_ifname_total, &none, 2, &compat_ifname_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
