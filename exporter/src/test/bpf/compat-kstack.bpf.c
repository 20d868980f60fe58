/* Compatibility case "kstack": stacks as bpf_get_stack leaves them (frames up to the first 0),
 * built from known addresses so that they are the same on every run and kernel: return addresses
 * a few bytes into do_exit and schedule (from kaddr_*, written before load), which the decoder
 * names by the symbol at or below them, innermost first, one per line. Per driver call:
 * "schedule\ndo_exit" += 1, "do_exit" += 2. */
#include "compat.bpf.h"

#define FRAMES 4
#define INTO 8 /* a return address is past its function's first instruction */

const volatile u64 kaddr_schedule = 0;
const volatile u64 kaddr_do_exit = 0;

struct stack_key {
    u64 frames[FRAMES];
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, struct stack_key);
    __type(value, u64);
} compat_kstack_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_kstack_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_kstack, struct pt_regs *regs, long id)
{
    struct stack_key nested = { .frames = { kaddr_schedule + INTO, kaddr_do_exit + INTO } };
    struct stack_key single = { .frames = { kaddr_do_exit + INTO } };

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_kstack_total, &nested, 1, &compat_kstack_total_overflow);
    increment_map(&compat_kstack_total, &single, 2, &compat_kstack_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
