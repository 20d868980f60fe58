/* Compatibility case "syscall": counted under the syscall number sys_enter gives (getppid's on
 * this architecture, named "getppid" by the syscall decoder) and under 4095, a number no
 * architecture has, which reads unknown_syscall:4095. Per driver call: getppid += 1, 4095 += 2. */
#include "compat.bpf.h"

#define NO_SUCH_SYSCALL 4095

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_syscall_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_syscall_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_syscall, struct pt_regs *regs, long id)
{
    u32 entered = id;
    u32 unknown = NO_SUCH_SYSCALL;

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_syscall_total, &entered, 1, &compat_syscall_total_overflow);
    increment_map(&compat_syscall_total, &unknown, 2, &compat_syscall_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
