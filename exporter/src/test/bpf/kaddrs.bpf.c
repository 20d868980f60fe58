/* Test program for kaddrs (KaddrsIT): the exporter writes the addresses of schedule and do_exit
 * into these globals before load; the program counts each syscall entry under both addresses, so
 * the exported label is the address the program saw. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"

const volatile u64 kaddr_schedule = 0;
const volatile u64 kaddr_do_exit = 0;

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u64);
    __type(value, u64);
} kernel_address_hits_total SEC(".maps");

METRIC_OVERFLOW_MAP(kernel_address_hits_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter)
{
    u64 schedule = kaddr_schedule, do_exit = kaddr_do_exit;

    increment_map(&kernel_address_hits_total, &schedule, 1, &kernel_address_hits_total_overflow);
    increment_map(&kernel_address_hits_total, &do_exit, 1, &kernel_address_hits_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
