/* Guest compatibility case "ksym": a kprobe's function address (bpf_get_func_ip: the probed
 * function's first byte, where PT_REGS_IP would be past the breakpoint) decoded by ksym into the
 * name kallsyms gives it. Per driver call: the address of __do_sys_getppid += 1. */
#include "compat.bpf.h"

struct ksym_key {
    u64 ip;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, struct ksym_key);
    __type(value, u64);
} compat_ksym_calls_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_ksym_calls_total);

SEC("kprobe/__do_sys_getppid")
int BPF_KPROBE(compat_ksym)
{
    struct ksym_key key = { .ip = bpf_get_func_ip(ctx) };

    if (compat_driver_task())
        increment_map(&compat_ksym_calls_total, &key, 1, &compat_ksym_calls_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
