/* Compatibility case "cgroup-id-map": the config's regexp matches every cgroup path, so whatever
 * cgroup the driver runs in, the exporter has put its id in the map; per driver call the program
 * counts 1 under in_map 1 when the lookup finds the driver's cgroup, else under 0. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 4096);
    __type(key, u64);
    __type(value, u64);
} compat_cgroup_id_map_filter SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_cgroup_id_map_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_cgroup_id_map_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_cgroup_id_map, struct pt_regs *regs, long id)
{
    u64 cgroup = bpf_get_current_cgroup_id();
    u32 in_map;

    if (!compat_driver_call(id))
        return 0;
    in_map = bpf_map_lookup_elem(&compat_cgroup_id_map_filter, &cgroup) != NULL;
    increment_map(&compat_cgroup_id_map_total, &in_map, 1, &compat_cgroup_id_map_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
