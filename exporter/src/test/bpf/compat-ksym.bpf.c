/* Compatibility case "ksym": the ksym decoder names a key holding the address where a function
 * starts (do_exit's, written into kaddr_do_exit before load) and reads any other address as
 * unknown_addr:0x<hex> (1: no kernel symbol starts there, whatever the kernel and its KASLR).
 * Per driver call: do_exit += 1, 0x1 += 2. */
#include "compat.bpf.h"

const volatile u64 kaddr_do_exit = 0;

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u64);
    __type(value, u64);
} compat_ksym_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_ksym_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_ksym, struct pt_regs *regs, long id)
{
    u64 function = kaddr_do_exit;
    u64 nowhere = 1;

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_ksym_total, &function, 1, &compat_ksym_total_overflow);
    increment_map(&compat_ksym_total, &nowhere, 2, &compat_ksym_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
