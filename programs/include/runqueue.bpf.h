/* Run-queue wait of tasks: from being made runnable to being switched in.
 *
 * A task enters the run queue when it is woken (sched_wakeup, sched_wakeup_new) or when it is
 * switched out while still runnable (sched_switch with prev->__state == TASK_RUNNING: preempted or
 * yielding). It leaves when sched_switch picks it as next. The enqueue time lives in the task's
 * own storage (BPF_MAP_TYPE_TASK_STORAGE): no pid-keyed hash to hash into, to fill up or to leak
 * entries of tasks that exit, and the kernel frees it with the task. A switch-in clears the stamp
 * (zero) instead of deleting it, so a task's storage is allocated once and reused.
 *
 * Idle tasks (pid 0, one per CPU) are neither stamped nor measured: their "wait" is idle time.
 * Each event calls bpf_ktime_get_ns() at most once.
 *
 * The header also defines the three programs; the including program defines what a measured
 * wait becomes: runq_observe(next, wait_ns).
 */
#ifndef EBPF_EXPORTER_RUNQUEUE_BPF_H
#define EBPF_EXPORTER_RUNQUEUE_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define RUNQ_TASK_RUNNING 0

struct {
    __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, int);
    __type(value, u64);
} runq_enqueued_at SEC(".maps");

/* Kernels before 5.14 call the field `state`; CO-RE picks whichever this kernel has. */
struct task_struct___pre_5_14 {
    long state;
} __attribute__((preserve_access_index));

static __always_inline bool runq_task_runnable(struct task_struct *task)
{
    if (bpf_core_field_exists(task->__state))
        return task->__state == RUNQ_TASK_RUNNING;
    return BPF_CORE_READ((struct task_struct___pre_5_14 *)task, state) == RUNQ_TASK_RUNNING;
}

static __always_inline void runq_stamp(struct task_struct *task, u64 now)
{
    u64 *enqueued_at = bpf_task_storage_get(&runq_enqueued_at, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

    if (enqueued_at)
        *enqueued_at = now;
}

/* For sched_wakeup / sched_wakeup_new: task is now in a run queue. */
static __always_inline void runq_enqueue(struct task_struct *task)
{
    runq_stamp(task, bpf_ktime_get_ns());
}

/* For sched_switch: stamps prev if it stays runnable, and returns 1 with next's wait in *wait_ns
 * when next was stamped (0 otherwise: idle, or enqueued before the program was attached). */
static __always_inline int runq_switch(struct task_struct *prev, struct task_struct *next, u64 *wait_ns)
{
    u64 now = 0, *enqueued_at, then;

    if (prev->pid && runq_task_runnable(prev)) {
        now = bpf_ktime_get_ns();
        runq_stamp(prev, now);
    }
    if (!next->pid)
        return 0;
    enqueued_at = bpf_task_storage_get(&runq_enqueued_at, next, 0, 0);
    if (!enqueued_at || !(then = *enqueued_at))
        return 0;
    *enqueued_at = 0;
    if (!now)
        now = bpf_ktime_get_ns();
    if (now < then) /* stamped on another CPU a hair "later": not a wait */
        return 0;
    *wait_ns = now - then;
    return 1;
}

static __always_inline void runq_observe(struct task_struct *next, u64 wait_ns);

SEC("tp_btf/sched_wakeup")
int BPF_PROG(runq_wakeup, struct task_struct *p)
{
    runq_enqueue(p);
    return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(runq_wakeup_new, struct task_struct *p)
{
    runq_enqueue(p);
    return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(runq_switch_in, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    u64 wait_ns;

    if (runq_switch(prev, next, &wait_ns))
        runq_observe(next, wait_ns);
    return 0;
}

#endif
