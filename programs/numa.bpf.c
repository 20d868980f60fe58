/* NUMA balancing: pages migrated because they were misplaced, the time spent migrating them, and
 * the scheduler's task placement decisions.
 *
 * Pages: migrate:mm_migrate_pages fires once at the end of every migrate_pages() call with the
 * number of base pages that moved (`succeeded`) and the reason. Summing `succeeded` for reason
 * MR_NUMA_MISPLACED counts what /proc/vmstat numa_pages_migrated counts: the kernel adds the same
 * nr_succeeded to NUMA_PAGE_MIGRATE right after that call (migrate_misplaced_page/_folio). Its
 * layout changed (6.12 added large_folio_split before `reason`), so these are classic tracepoints
 * reading the record through CO-RE field relocations (by name, not position); they need tracefs.
 * The reason's value comes from the target kernel's BTF (bpf_core_enum_value), not a number.
 *
 * Neither tracepoint says which nodes the pages left or reached. What is cheap and exact is the
 * node of the CPU that runs the migration: NUMA hinting faults migrate synchronously in the
 * faulting task, so this is the node whose CPU touched the pages, which is the destination under
 * the default (local) policy, not under bind/preferred/interleave policies. Label: cpu_node.
 *
 * Time: mm_migrate_pages_start stamps the task (task storage), mm_migrate_pages observes the
 * elapsed nanoseconds in an exp2 histogram, for MR_NUMA_MISPLACED only, so rate(_sum) is the
 * seconds per second tasks spend migrating misplaced pages (bcc numamove's NUMA_migrations_ms).
 * The same nanoseconds also go to numa_latency_total, a plain counter of that time (the name NUMA
 * dashboards already use), which the config scales to seconds: equal to the histogram's _sum.
 *
 * Tasks: sched_move_numa, sched_swap_numa and sched_stick_numa (tp_btf: no tracefs needed; the
 * arguments are not read) counted by kind.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "maps.bpf.h"
#include "histogram.bpf.h"

/* Nodes a machine has (MAX_NUMNODES is larger, real machines have a few); more go to overflow. */
#define MAX_NODES 64

/* Slots 0..31 are buckets up to 2^31 ns (2.1 s); slot 32 takes everything above (+Inf) and slot 33
 * holds the sum. Must match bucket_max in configs/numa.yaml. */
#define LATENCY_MAX_SLOT 32
#define LATENCY_SUM_SLOT (LATENCY_MAX_SLOT + 1)

enum placement_kind {
    PLACEMENT_MOVE = 0,
    PLACEMENT_SWAP = 1,
    PLACEMENT_STICK = 2,
    PLACEMENT_KINDS,
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, MAX_NODES);
    __type(key, u32); /* cpu_node */
    __type(value, u64);
} numa_move_total SEC(".maps");

METRIC_OVERFLOW_MAP(numa_move_total);

/* Indexed by slot; per-CPU so an observation is two plain adds; the exporter sums the CPUs. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, LATENCY_SUM_SLOT + 1);
    __type(key, u32);
    __type(value, u64);
} numa_move_latency_seconds SEC(".maps");

/* Nanoseconds spent migrating: the histogram's sum slot again, as a counter (key 0, no labels). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u64);
} numa_latency_total SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, PLACEMENT_KINDS);
    __type(key, u32);
    __type(value, u64);
} numa_task_placement_total SEC(".maps");

/* When the task's migrate_pages() call for misplaced pages started; 0 when none is in flight. */
struct {
    __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, int);
    __type(value, u64);
} migration_start SEC(".maps");

static __always_inline bool numa_misplaced(int reason)
{
    return bpf_core_enum_value_exists(enum migrate_reason, MR_NUMA_MISPLACED) &&
           reason == bpf_core_enum_value(enum migrate_reason, MR_NUMA_MISPLACED);
}

static __always_inline void observe_latency(u64 ns)
{
    observe_percpu_array_histogram(&numa_move_latency_seconds, 0, exp2_slot(ns), LATENCY_MAX_SLOT, ns);
    add_percpu_array(&numa_latency_total, 0, ns);
}

SEC("tracepoint/migrate/mm_migrate_pages_start")
int numa_migrate_start(struct trace_event_raw_mm_migrate_pages_start *ctx)
{
    u64 *start;

    if (!numa_misplaced(ctx->reason))
        return 0;
    start = bpf_task_storage_get(&migration_start, bpf_get_current_task_btf(), 0,
                                 BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (start)
        *start = bpf_ktime_get_ns();
    return 0;
}

SEC("tracepoint/migrate/mm_migrate_pages")
int numa_migrate_end(struct trace_event_raw_mm_migrate_pages *ctx)
{
    u64 *start, now;
    u32 node;

    if (!numa_misplaced(ctx->reason))
        return 0;
    now = bpf_ktime_get_ns();
    if (ctx->succeeded) {
        node = bpf_get_numa_node_id();
        increment_map(&numa_move_total, &node, ctx->succeeded, &numa_move_total_overflow);
    }
    /* Calls already in flight when the program was attached have no start: not observed. */
    start = bpf_task_storage_get(&migration_start, bpf_get_current_task_btf(), 0, 0);
    if (start && *start) {
        observe_latency(now - *start);
        *start = 0;
    }
    return 0;
}

SEC("tp_btf/sched_move_numa")
int BPF_PROG(numa_task_move)
{
    add_percpu_array(&numa_task_placement_total, PLACEMENT_MOVE, 1);
    return 0;
}

SEC("tp_btf/sched_swap_numa")
int BPF_PROG(numa_task_swap)
{
    add_percpu_array(&numa_task_placement_total, PLACEMENT_SWAP, 1);
    return 0;
}

SEC("tp_btf/sched_stick_numa")
int BPF_PROG(numa_task_stick)
{
    add_percpu_array(&numa_task_placement_total, PLACEMENT_STICK, 1);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
