/* Compatibility case "cgroup-path": counted under the driver's cgroup id, which the cgroup decoder
 * turns into its directory. CompatSuiteIT runs the driver in the cgroup ebpf-compat it makes at
 * the top of the cgroup2 hierarchy; the regexp after the decoder keeps the path below the mount
 * point (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid host), so that the golden file
 * holds on both. Per driver call: 1. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u64);
    __type(value, u64);
} compat_cgroup_path_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_cgroup_path_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_cgroup_path, struct pt_regs *regs, long id)
{
    u64 cgroup_id = bpf_get_current_cgroup_id();

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_cgroup_path_total, &cgroup_id, 1, &compat_cgroup_path_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
