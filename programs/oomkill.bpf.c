/* OOM kills by victim: how many tasks the OOM killer chose, by the victim's comm and cgroup v2 id.
 *
 * Hook: oom:mark_victim as a tp_btf program (no tracefs, no kprobes). It fires in
 * mark_oom_victim(), once per task the OOM killer marks (TIF_MEMDIE): after the SIGKILL of a kill
 * (global or memory cgroup limit), and also for a task already exiting that is only granted the
 * memory reserves (no kill, not in /proc/vmstat oom_kill); a task marked twice (a memcg and a
 * global OOM racing) fires once.
 *
 * The victim is rarely the task running: a memory cgroup's OOM is handled by whichever task
 * charged the page that did not fit, and the victim is the cgroup's largest. So comm and cgroup
 * come from the tracepoint's task argument (struct task_struct *task, uid_t uid), which the
 * tracepoint has since the commit that added comm and RSS fields to its record (6.8; backported to
 * stable kernels, e.g. Debian's 6.1.0-x). Before it, the only argument was the victim's pid
 * (int pid) and the record had no comm field; CO-RE tells the two apart by that field, and on such
 * a kernel the victim is named when it is the running task (an OOM in its own allocation) and is
 * "[unknown]" with cgroup id 0 otherwise, still counted.
 *
 * The cgroup is the victim's cgroup v2 id (task->cgroups->dfl_cgrp->kn->id, the inode number of
 * its directory in the cgroup2 mount), which the exporter's `cgroup` decoder turns into a path.
 * On a cgroup v1 host the memory cgroup that hit its limit is a v1 cgroup and is not this label;
 * on a v2 host it is the victim's cgroup or one of its ancestors.
 *
 * Keys are never deleted (see maps.bpf.h), so the map holds every (comm, cgroup) that was ever a
 * victim since the exporter started: at most MAX_ENTRIES, kills beyond counted in
 * oom_kills_total_overflow.
 */
#include <vmlinux.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"

/* Distinct (comm, cgroup) victims; a container restarted after each OOM kill gets a new cgroup,
 * so a crash-looping one adds a key per kill. The exporter may override it (max_entries). */
#define MAX_ENTRIES 1024

/* Must match configs/oomkill.yaml: comm (16 bytes), then cgroup (8). */
struct victim_key {
    char comm[TASK_COMM_LEN];
    u64 cgroup;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, MAX_ENTRIES);
    __type(key, struct victim_key);
    __type(value, u64);
} oom_kills_total SEC(".maps");

METRIC_OVERFLOW_MAP(oom_kills_total);

/* The victim's task, or NULL where the kernel passes only its pid and the victim is not running. */
static __always_inline struct task_struct *victim_task(u64 *ctx)
{
    struct task_struct *current;

    if (bpf_core_field_exists(struct trace_event_raw_mark_victim, __data_loc_comm))
        return (struct task_struct *)ctx[0];
    current = (struct task_struct *)bpf_get_current_task();
    return BPF_CORE_READ(current, pid) == (pid_t)ctx[0] ? current : NULL;
}

SEC("tp_btf/mark_victim")
int BPF_PROG(mark_victim)
{
    struct task_struct *victim = victim_task(ctx);
    struct victim_key key = {};

    if (victim) {
        BPF_CORE_READ_STR_INTO(&key.comm, victim, comm);
        key.cgroup = BPF_CORE_READ(victim, cgroups, dfl_cgrp, kn, id);
    } else {
        __builtin_memcpy(key.comm, "[unknown]", sizeof("[unknown]"));
    }
    increment_map(&oom_kills_total, &key, 1, &oom_kills_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
