/* Compatibility case "kaddrs": the exporter writes the address of schedule into kaddr_schedule
 * before load; per driver call the program counts 1 under that address, which the ksym decoder
 * names, so the exposition shows "schedule" only if the address written was schedule's. */
#include "compat.bpf.h"

const volatile u64 kaddr_schedule = 0;

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u64);
    __type(value, u64);
} compat_kaddrs_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_kaddrs_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_kaddrs, struct pt_regs *regs, long id)
{
    u64 address = kaddr_schedule;

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_kaddrs_total, &address, 1, &compat_kaddrs_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
