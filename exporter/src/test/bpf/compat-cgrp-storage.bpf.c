/* Compatibility case "cgrp-storage": cgroup_id_map of ebpf_exporter's cgrp_storage type. The
 * config's regexp matches every cgroup path, so the exporter has set 1 in the storage of the
 * driver's cgroup, whichever it is; per driver call the program counts 1 under in_map 1 when it
 * reads that 1 back, else under 0. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_CGRP_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, u32);
    __type(value, u64);
} compat_cgrp_storage_filter SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_cgrp_storage_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_cgrp_storage_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_cgrp_storage, struct pt_regs *regs, long id)
{
    struct task_struct *task = bpf_get_current_task_btf();
    u64 *flag;
    u32 in_map;

    if (!compat_driver_call(id))
        return 0;
    flag = bpf_cgrp_storage_get(&compat_cgrp_storage_filter, task->cgroups->dfl_cgrp, 0, 0);
    in_map = flag && *flag == 1;
    increment_map(&compat_cgrp_storage_total, &in_map, 1, &compat_cgrp_storage_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
