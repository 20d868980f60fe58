/* System calls entered, by syscall number, node-wide: libbpf-tools' syscount, counts only.
 *
 * Hook: raw_syscalls:sys_enter as a tp_btf program, (struct pt_regs *regs, long id) on every
 * kernel since the tracepoint exists, so one object runs on 6.1 … 6.18 with no CO-RE at all. It
 * fires on every system call of every task, so it does the least there is to do: one lookup in a
 * per-CPU array indexed by the number (no hashing, no atomics, no timestamp) and a plain add.
 *
 * Numbers outside the array (a negative id: a tracer cancelled the call; ids of x32 tasks, which
 * carry bit 30; any number past the newest syscall) are counted in the metric's overflow counter
 * (maps.bpf.h): the exporter adds them as the series syscall="[overflow]", so the sum over the
 * metric is every syscall entered. 32-bit (compat) tasks enter with their own ABI's numbers,
 * which this counts under the 64-bit table's names; syscount does the same.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"

/* Indexes 0 … SYSCALL_SLOTS - 1. Both 64-bit tables (x86_64, arm64) end below 512 (470 is the
 * newest in Linux 6.19); configs/syscalls.yaml may raise it with max_entries, and the bound below
 * is the map's, so a larger array counts the larger numbers. */
#define SYSCALL_SLOTS 512

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, SYSCALL_SLOTS);
    __type(key, u32);
    __type(value, u64);
} syscalls_total SEC(".maps");

METRIC_OVERFLOW_MAP(syscalls_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
    u32 slot = id; /* the low 32 bits, as the kernel dispatches (an int); negative: past any array */
    u64 *count = bpf_map_lookup_elem(&syscalls_total, &slot);

    if (count)
        *count += 1;
    else
        count_overflow(&syscalls_total_overflow, 1);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
