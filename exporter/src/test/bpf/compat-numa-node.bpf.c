/* Compatibility case "numa-node": counted under the NUMA node the driver runs on
 * (bpf_get_numa_node_id); the numa_node decoder knows the host's online nodes ahead, so each is a
 * series from the start (this host has one node, 0). Per driver call: its node += 1. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, u32);
    __type(value, u64);
} compat_numa_node_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_numa_node_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_numa_node, struct pt_regs *regs, long id)
{
    u32 node = bpf_get_numa_node_id();

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_numa_node_total, &node, 1, &compat_numa_node_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
