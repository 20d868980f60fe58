/* Softirq latency per vector: the wait from raise to entry and the service time from entry to
 * exit, as histograms, plus how many times each vector was raised and serviced.
 *
 * Hooks: irq:softirq_raise, softirq_entry, softirq_exit as tp_btf programs (no tracefs; the only
 * argument, the vector number, has kept its position since the tracepoints exist).
 *
 * A softirq raised on a CPU runs on that CPU (pending bits are per CPU), so all state is per CPU:
 * no atomics, no locks, one timestamp per event at most. A vector raised again before it runs
 * keeps its FIRST raise time: the wait measured is the longest one of that batch, the one a
 * latency-sensitive caller saw. Entries without a recorded raise (raised before the program was
 * attached, or by a path that bypasses the tracepoint) are serviced and timed but add no wait.
 * "Serviced" counts at entry, where /proc/softirqs counts.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "histogram.bpf.h"
#include "percpu_maps.bpf.h"

/* Must match configs/softirq-latency.yaml: waits up to 2^MIN_SLOT ns (128 ns) share the first
 * bucket; above 2^(MAX_SLOT-1) ns (1.07 s) only +Inf. */
#define MIN_SLOT 7
#define MAX_SLOT 31
#define SUM_SLOT (MAX_SLOT + 1)
#define HISTOGRAM_KEYS (NR_SOFTIRQS * (SUM_SLOT - MIN_SLOT + 1))

struct vector_slot {
    u32 vector;
    u32 slot;
};

struct vector_stamps {
    u64 raised; /* first raise not yet serviced, 0 if none */
    u64 entered; /* entry of the run in progress, 0 if none */
};

#define VECTOR_COUNTER(name)                                                                       \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);                                                   \
        __uint(max_entries, NR_SOFTIRQS);                                                          \
        __type(key, u32);                                                                          \
        __type(value, u64);                                                                        \
    } name SEC(".maps")

#define VECTOR_HISTOGRAM(name)                                                                     \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_PERCPU_HASH);                                                    \
        __uint(max_entries, HISTOGRAM_KEYS);                                                       \
        __type(key, struct vector_slot);                                                           \
        __type(value, u64);                                                                        \
    } name SEC(".maps");                                                                           \
    METRIC_OVERFLOW_MAP(name)

VECTOR_COUNTER(softirq_raised_total);
VECTOR_COUNTER(softirq_serviced_total);
VECTOR_HISTOGRAM(softirq_entry_latency_seconds);
VECTOR_HISTOGRAM(softirq_service_latency_seconds);

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, NR_SOFTIRQS);
    __type(key, u32);
    __type(value, struct vector_stamps);
} softirq_stamps SEC(".maps");

/* The map is sized for every (vector, slot) key, so its overflow counter stays at zero. */
#define OBSERVE(map, vec, ns)                                                                   \
    do {                                                                                           \
        u64 __slot = exp2_slot(ns);                                                                \
        struct vector_slot __key = {                                                               \
            .vector = (vec),                                                                       \
            .slot = __slot < MIN_SLOT ? MIN_SLOT : __slot > MAX_SLOT ? MAX_SLOT : __slot,          \
        };                                                                                         \
        increment_percpu_map(&map, &__key, 1, &map##_overflow);                                    \
        __key.slot = SUM_SLOT;                                                                     \
        increment_percpu_map(&map, &__key, ns, &map##_overflow);                                   \
    } while (0)

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
        OBSERVE(softirq_entry_latency_seconds, vector, now - stamps->raised);
        stamps->raised = 0;
    }
    stamps->entered = now;
    return 0;
}

SEC("tp_btf/softirq_exit")
int BPF_PROG(softirq_exit, unsigned int vector)
{
    struct vector_stamps *stamps = bpf_map_lookup_elem(&softirq_stamps, &vector);

    if (!stamps || !stamps->entered)
        return 0;
    OBSERVE(softirq_service_latency_seconds, vector, bpf_ktime_get_ns() - stamps->entered);
    stamps->entered = 0;
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
