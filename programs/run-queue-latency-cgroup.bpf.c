/* Run-queue latency by cgroup: how long runnable tasks of each cgroup (v2) wait for a CPU.
 *
 * Same hooks and wait tracking as run-queue-latency.bpf.c (runqueue.bpf.h); the histogram is
 * keyed by the cgroup v2 id of the task switched in (next: at sched_switch the current task is
 * still prev, so bpf_get_current_cgroup_id() would name the wrong task) and the slot. The id is
 * the inode number of the cgroup's directory in the cgroup2 mount; the exporter's `cgroup`
 * decoder turns it into that path.
 *
 * Series stay bounded: the map holds at most MAX_ENTRIES (cgroup, slot) keys, the exporter may
 * resize it (max_entries), and samples of keys that do not fit are counted in
 * run_queue_latency_by_cgroup_seconds_overflow (exported with the metric and as
 * ebpf_exporter_map_overflow_total). Slots are clamped to MIN_SLOT..MAX_SLOT, so a cgroup has at
 * most 22 keys + its sum.
 */
#include <vmlinux.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "histogram.bpf.h"
#include "percpu_maps.bpf.h"
#include "runqueue.bpf.h"

/* Must match configs/run-queue-latency-cgroup.yaml: bucket_min, bucket_max. Waits of up to
 * 2^MIN_SLOT ns (1 us) share the first bucket (le = 1.024 us, still a true bound); above
 * 2^(MAX_SLOT-1) ns (1.07 s) only +Inf. */
#define MIN_SLOT 10
#define MAX_SLOT 31
#define SUM_SLOT (MAX_SLOT + 1)
/* 23 keys per cgroup at most: 8192 covers ~350 busy cgroups; most use far fewer slots. */
#define MAX_ENTRIES 8192

struct cgroup_slot {
    u64 cgroup;
    u64 slot;
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, MAX_ENTRIES);
    __type(key, struct cgroup_slot);
    __type(value, u64);
} run_queue_latency_by_cgroup_seconds SEC(".maps");

METRIC_OVERFLOW_MAP(run_queue_latency_by_cgroup_seconds);

static __always_inline void runq_observe(struct task_struct *task, u64 wait_ns)
{
    u64 slot = exp2_slot(wait_ns);
    struct cgroup_slot key = {
        .cgroup = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn, id),
        .slot = slot < MIN_SLOT ? MIN_SLOT : slot > MAX_SLOT ? MAX_SLOT : slot,
    };

    increment_percpu_map(&run_queue_latency_by_cgroup_seconds, &key, 1,
                         &run_queue_latency_by_cgroup_seconds_overflow);
    key.slot = SUM_SLOT;
    increment_percpu_map(&run_queue_latency_by_cgroup_seconds, &key, wait_ns,
                         &run_queue_latency_by_cgroup_seconds_overflow);
}

char LICENSE[] SEC("license") = "GPL";
