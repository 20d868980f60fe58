/* Run-queue latency: how long runnable tasks wait for a CPU, as one node-wide histogram.
 *
 * Hooks (tp_btf: no tracefs, no kprobes): sched_wakeup and sched_wakeup_new stamp the woken task,
 * sched_switch stamps prev when it stays runnable and observes next's wait (runqueue.bpf.h).
 * Metric: run_queue_latency_seconds, exp2 buckets of nanoseconds (slot k holds (2^(k-1), 2^k] ns).
 * The histogram is a per-CPU array indexed by slot: a plain add on this CPU's copy, no atomics
 * and no hash; the exporter sums the CPUs.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "histogram.bpf.h"
#include "runqueue.bpf.h"

/* Slots 0..31 are buckets up to 2^31 ns (2.1 s); slot 32 takes everything above (+Inf). Must
 * match bucket_max in configs/run-queue-latency.yaml. */
#define MAX_SLOT 32
#define SUM_SLOT (MAX_SLOT + 1)

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, SUM_SLOT + 1);
    __type(key, u32);
    __type(value, u64);
} run_queue_latency_seconds SEC(".maps");

static __always_inline void runq_observe(struct task_struct *next, u64 wait_ns)
{
    observe_percpu_array_histogram(&run_queue_latency_seconds, 0, exp2_slot(wait_ns), MAX_SLOT, wait_ns);
}

char LICENSE[] SEC("license") = "GPL";
