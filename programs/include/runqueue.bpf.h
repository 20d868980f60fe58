/* Run-queue wait of tasks: from being made runnable to being switched in.
 *
 * A task enters the run queue when it is woken (sched_wakeup, sched_wakeup_new) or when it is
 * switched out and stays queued (sched_switch: preempted, yielding). It leaves when sched_switch
 * picks it as next. The enqueue time lives in the task's own storage (BPF_MAP_TYPE_TASK_STORAGE):
 * no pid-keyed hash to hash into, to fill up or to leak entries of tasks that exit, and the kernel
 * frees it with the task. A switch-in clears the stamp (zero) instead of deleting it, so a task's
 * storage is allocated once and reused.
 *
 * Tasks without storage keep their stamp in a preallocated pid-keyed hash instead: a new task's
 * first stamp (sched_wakeup_new: creating task storage allocates, which would make that hook cost
 * about twice runqlat's), and any stamp whose storage could not be created (the kernel refuses to
 * create task storage while another task-storage operation holds this CPU, e.g. a preempted task
 * that was freeing its own). The task's next switch-in takes the stamp out again; only tasks that
 * have no storage look there, so the hot path never does.
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

#define RUNQ_TASK_ON_RQ_QUEUED 1

struct {
    __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, int);
    __type(value, u64);
} runq_enqueued_at SEC(".maps");

/* Tasks without storage waiting at once. When full, a new task gets its task storage after all.
 * An entry whose switch-in the tracepoint never delivered stays until its pid is reused (a new
 * task's stamp overwrites it); its task, meanwhile, stamps into its own storage. */
#define RUNQ_PID_STAMPS 2048

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, RUNQ_PID_STAMPS);
    __type(key, u32);
    __type(value, u64);
} runq_enqueued_at_by_pid SEC(".maps");

/* Whether a task being switched out stays in its run queue: preempted (even between setting a
 * sleeping state and calling schedule(), so its state alone would say it blocks), yielding, or
 * blocking with a signal pending. Since 6.12 a blocking fair task can stay queued without being
 * runnable (delayed dequeue): it runs again only after a wakeup, which stamps it then. */
static __always_inline bool runq_stays_queued(struct task_struct *task)
{
    if (task->on_rq != RUNQ_TASK_ON_RQ_QUEUED)
        return false;
    if (bpf_core_field_exists(task->se.sched_delayed))
        return !task->se.sched_delayed;
    return true;
}

/* Returns 0 when stamped, an error when the hash is full. */
static __always_inline long runq_stamp_by_pid(struct task_struct *task, u64 now)
{
    u32 pid = task->pid;

    return bpf_map_update_elem(&runq_enqueued_at_by_pid, &pid, &now, BPF_ANY);
}

static __always_inline void runq_stamp(struct task_struct *task, u64 now)
{
    u64 *enqueued_at = bpf_task_storage_get(&runq_enqueued_at, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

    if (enqueued_at)
        *enqueued_at = now;
    else
        runq_stamp_by_pid(task, now);
}

/* For sched_wakeup: task is now in a run queue. */
static __always_inline void runq_enqueue(struct task_struct *task)
{
    runq_stamp(task, bpf_ktime_get_ns());
}

/* For sched_wakeup_new: a new task is in a run queue for the first time. */
static __always_inline void runq_enqueue_new(struct task_struct *task)
{
    u64 now = bpf_ktime_get_ns();

    if (runq_stamp_by_pid(task, now))
        runq_stamp(task, now);
}

/* The stamp of a task without task storage, taken out of the hash; 0 when it has none. */
static __always_inline u64 runq_take_stamp_by_pid(struct task_struct *task)
{
    u32 pid = task->pid;
    u64 *enqueued_at = bpf_map_lookup_elem(&runq_enqueued_at_by_pid, &pid), then;

    if (!enqueued_at)
        return 0;
    then = *enqueued_at;
    bpf_map_delete_elem(&runq_enqueued_at_by_pid, &pid);
    return then;
}

/* For sched_switch: stamps prev if it stays queued, and returns 1 with next's wait in *wait_ns
 * when next was stamped (0 otherwise: idle, or enqueued before the program was attached). */
static __always_inline int runq_switch(struct task_struct *prev, struct task_struct *next, u64 *wait_ns)
{
    u64 now = 0, *enqueued_at, then;

    if (prev->pid && runq_stays_queued(prev)) {
        now = bpf_ktime_get_ns();
        runq_stamp(prev, now);
    }
    if (!next->pid)
        return 0;
    enqueued_at = bpf_task_storage_get(&runq_enqueued_at, next, 0, 0);
    if (enqueued_at) {
        then = *enqueued_at;
        *enqueued_at = 0;
    } else {
        then = runq_take_stamp_by_pid(next);
    }
    if (!then)
        return 0;
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
    runq_enqueue_new(p);
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
