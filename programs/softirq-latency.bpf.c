/* Softirq latency per vector: the wait from raise to entry and the service time from entry to
 * exit, as histograms, plus how many times each vector was raised and serviced.
 *
 * Hooks: irq:softirq_raise, softirq_entry, softirq_exit as tp_btf programs (no tracefs; the only
 * argument, the vector number, has kept its position since the tracepoints exist).
 *
 * A softirq raised on a CPU runs on that CPU (pending bits are per CPU), so all state is per CPU:
 * no atomics, no locks, one timestamp per event at most. Counters and histograms are per-CPU
 * arrays indexed by vector (histograms: by vector and slot, histogram.bpf.h), so each update is an
 * inlined lookup and a plain add, no hashing. A vector raised again before it runs keeps its FIRST
 * raise time: the wait measured is the longest one of that batch, the one a latency-sensitive
 * caller saw. Entries without a recorded raise (raised before the program was attached, or by a
 * path that bypasses the tracepoint) are serviced and timed but add no wait. "Serviced" counts at
 * entry, where /proc/softirqs counts.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "histogram.bpf.h"
#include "percpu_maps.bpf.h"

/* Must match configs/softirq-latency.yaml: bucket_max. Slots 0..MAX_SLOT of each vector, then its
 * sum; above 2^(MAX_SLOT-1) ns (1.07 s) only +Inf. */
#define MAX_SLOT 31

struct vector_stamps {
    u64 raised; /* first raise not yet serviced, 0 if none */
    u64 entered; /* entry of the run in progress, 0 if none */
};

#define VECTOR_ARRAY(name, entries_per_vector)                                                     \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);                                                   \
        __uint(max_entries, NR_SOFTIRQS * (entries_per_vector));                                   \
        __type(key, u32);                                                                          \
        __type(value, u64);                                                                        \
    } name SEC(".maps")

VECTOR_ARRAY(softirq_raised_total, 1);
VECTOR_ARRAY(softirq_serviced_total, 1);
VECTOR_ARRAY(softirq_entry_latency_seconds, MAX_SLOT + 2);
VECTOR_ARRAY(softirq_service_latency_seconds, MAX_SLOT + 2);

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, NR_SOFTIRQS);
    __type(key, u32);
    __type(value, struct vector_stamps);
} softirq_stamps SEC(".maps");

static __always_inline void observe(void *histogram, u32 vector, u64 ns)
{
    observe_percpu_array_histogram(histogram, vector, exp2_slot(ns), MAX_SLOT, ns);
}

/* libbpf attaches programs in the order they appear here: each one before the one that feeds it,
 * so that no run is counted at entry whose exit goes unseen (a run entered between the attaching
 * of entry and exit would lag the service histogram's count behind the serviced counter for good),
 * and no wait is stamped by a raise whose entry goes unseen. */
SEC("tp_btf/softirq_exit")
int BPF_PROG(softirq_exit, unsigned int vector)
{
    struct vector_stamps *stamps = bpf_map_lookup_elem(&softirq_stamps, &vector);

    if (!stamps || !stamps->entered)
        return 0;
    observe(&softirq_service_latency_seconds, vector, bpf_ktime_get_ns() - stamps->entered);
    stamps->entered = 0;
    return 0;
}

SEC("tp_btf/softirq_entry")
int BPF_PROG(softirq_entry, unsigned int vector)
{
    struct vector_stamps *stamps = bpf_map_lookup_elem(&softirq_stamps, &vector);
    u64 now;

    if (!stamps)
        return 0;
    now = bpf_ktime_get_ns();
    add_percpu_array(&softirq_serviced_total, vector, 1);
    if (stamps->raised) {
        observe(&softirq_entry_latency_seconds, vector, now - stamps->raised);
        stamps->raised = 0;
    }
    stamps->entered = now;
    return 0;
}

SEC("tp_btf/softirq_raise")
int BPF_PROG(softirq_raise, unsigned int vector)
{
    struct vector_stamps *stamps = bpf_map_lookup_elem(&softirq_stamps, &vector);

    if (!stamps)
        return 0; /* vector >= NR_SOFTIRQS */
    if (!stamps->raised)
        stamps->raised = bpf_ktime_get_ns();
    add_percpu_array(&softirq_raised_total, vector, 1);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
