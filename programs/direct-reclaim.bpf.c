/* Direct reclaim stalls: how long tasks were held up reclaiming memory themselves, by kind and by
 * the stalled task's comm, as exp2 histograms of ns (the metric drsnoop's per-event lines add up to).
 *
 * Kinds:
 *   global  the allocator found the zones short of free memory and reclaimed before allocating
 *           (vmscan:mm_vmscan_direct_reclaim_begin/end, around try_to_free_pages' work: what
 *           /proc/vmstat counts as allocstall_*);
 *   memcg   a charge hit its memory cgroup's limit (v1 limit_in_bytes, v2 memory.max or .high),
 *           or a task wrote a limit or memory.reclaim (vmscan:mm_vmscan_memcg_reclaim_begin/end,
 *           around try_to_free_mem_cgroup_pages).
 * The memcg_softlimit_reclaim pair is not hooked: cgroup v1 soft-limit reclaim runs inside a
 * global direct reclaim (already timed as global) or in kswapd (no task stalls on it).
 *
 * Hooks are tp_btf programs that read no tracepoint argument: these tracepoints exist with the
 * same names from 6.1 to 6.18, and a prototype change (arguments added or reordered) cannot break
 * a program that reads none. The begin stamp is the only state: keyed by thread id, deleted at
 * the end. Reclaim does not nest (the kernel sets PF_MEMALLOC for its duration, so neither kind
 * re-enters reclaim), so one stamp per thread suffices and the end hook says which kind it was.
 *
 * Leaks are bounded: a begin whose end this program misses (the end program is attached first,
 * see below, so only at detach) leaves its stamp until the thread's next reclaim overwrites it or,
 * since the map is an LRU hash, until newer stamps evict it when the map is full. An end without a
 * stamp (a reclaim already under way at attach) is not measured.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "histogram.bpf.h"

/* Must match configs/direct-reclaim.yaml: bucket_min, bucket_max. Stalls of up to 2^MIN_SLOT ns
 * (1 us) share the first bucket (le = 1.024 us, still a true bound); above 2^(MAX_SLOT-1) ns
 * (8.6 s) only +Inf. */
#define MIN_SLOT 10
#define MAX_SLOT 34
/* Keys per (kind, comm): at most MAX_SLOT - MIN_SLOT + 1 = 25 slots plus the sum, typically 5 to
 * 10 (stalls of one kind and task spread over a few powers of two). 8192 keys hold 315 (kind,
 * comm) pairs in the worst case, about a thousand typically; the exporter may resize it
 * (max_entries); stalls of pairs that do not fit are counted as [overflow]. */
#define MAX_ENTRIES 8192
/* Threads in reclaim at once, plus stamps leaked at detach (evicted first when full). */
#define MAX_STAMPS 10240

/* Must match the kind label's static_map in configs/direct-reclaim.yaml. */
enum reclaim_kind {
    RECLAIM_GLOBAL = 0,
    RECLAIM_MEMCG = 1,
};

struct stall_key {
    u32 kind;
    char comm[TASK_COMM_LEN];
    u32 pad; /* the YAML's comm padding: 4 */
    u64 slot;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, MAX_ENTRIES);
    __type(key, struct stall_key);
    __type(value, u64);
} direct_reclaim_stall_seconds SEC(".maps");

METRIC_OVERFLOW_MAP(direct_reclaim_stall_seconds);

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, MAX_STAMPS);
    __type(key, u32);
    __type(value, u64);
} direct_reclaim_begun_at SEC(".maps");

static __always_inline int reclaim_begin(void)
{
    u32 tid = (u32)bpf_get_current_pid_tgid();
    u64 now = bpf_ktime_get_ns();

    bpf_map_update_elem(&direct_reclaim_begun_at, &tid, &now, BPF_ANY);
    return 0;
}

static __always_inline int reclaim_end(u32 kind)
{
    u32 tid = (u32)bpf_get_current_pid_tgid();
    u64 *begun_at = bpf_map_lookup_elem(&direct_reclaim_begun_at, &tid);
    struct stall_key key = { .kind = kind };
    u64 ns, slot;

    if (!begun_at)
        return 0;
    ns = bpf_ktime_get_ns() - *begun_at;
    bpf_map_delete_elem(&direct_reclaim_begun_at, &tid);
    bpf_get_current_comm(&key.comm, sizeof(key.comm));
    slot = exp2_slot(ns);
    observe_histogram(&direct_reclaim_stall_seconds, &key, slot < MIN_SLOT ? MIN_SLOT : slot, ns, MAX_SLOT,
                      &direct_reclaim_stall_seconds_overflow);
    return 0;
}

/* libbpf attaches programs in the order they appear here: the ends first, so that no stall begun
 * after attaching goes without its end. */
SEC("tp_btf/mm_vmscan_direct_reclaim_end")
int BPF_PROG(direct_reclaim_end)
{
    return reclaim_end(RECLAIM_GLOBAL);
}

SEC("tp_btf/mm_vmscan_memcg_reclaim_end")
int BPF_PROG(memcg_reclaim_end)
{
    return reclaim_end(RECLAIM_MEMCG);
}

SEC("tp_btf/mm_vmscan_direct_reclaim_begin")
int BPF_PROG(direct_reclaim_begin)
{
    return reclaim_begin();
}

SEC("tp_btf/mm_vmscan_memcg_reclaim_begin")
int BPF_PROG(memcg_reclaim_begin)
{
    return reclaim_begin();
}

char LICENSE[] SEC("license") = "GPL";
