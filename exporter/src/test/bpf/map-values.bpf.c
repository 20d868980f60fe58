/* Test program for MapValuesIT: counts and observes the argument v of getpgid(v) calls made by tasks
 * whose comm is "mapvalue", in per-CPU maps that the config reads with and without a cpu label,
 * and keeps the last v as a gauge. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "getpgid-argument.bpf.h"
#include "histogram.bpf.h"
#include "percpu_maps.bpf.h"

#define MAX_SLOT 12
#define COMM_MAPVALUE 0x65756c617670616dULL /* "mapvalue" read as a little-endian u64 */

/* Calls by the parity of v, per CPU (labels: parity, cpu). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} percpu_calls_total SEC(".maps");

METRIC_OVERFLOW_MAP(percpu_calls_total);

/* The same counts, read summed over CPUs (labels: parity). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} percpu_summed_calls_total SEC(".maps");

METRIC_OVERFLOW_MAP(percpu_summed_calls_total);

/* Every call, per CPU, in ebpf_exporter's unlabelled form: the single key u32 0 (labels: cpu). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u64);
} percpu_only_cpu_calls_total SEC(".maps");

/* exp2 histogram of v per CPU (labels: bucket, cpu). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, MAX_SLOT + 2);
    __type(key, u32);
    __type(value, u64);
} percpu_values SEC(".maps");

/* Gauges: the last v seen, set rather than added; overall (labels: none) and per CPU (labels: cpu). */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u64);
} last_argument SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u64);
} last_argument_by_cpu SEC(".maps");

/* Each call as a perf event sample of its u64 argument: counted by argument (labels: argument),
 * read twice: once kept, once flushed every few seconds. */
struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __uint(key_size, sizeof(u32));
    __uint(value_size, sizeof(u32));
} perf_calls_total SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __uint(key_size, sizeof(u32));
    __uint(value_size, sizeof(u32));
} perf_flushed_calls_total SEC(".maps");

/* A struct value fanned out into two counters (labels: parity; values: calls, argument sum). */
struct call_stats {
    u64 calls;
    u64 argument_sum;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, struct call_stats);
} call_stats SEC(".maps");

static __always_inline void add_call_stats(u32 parity, u64 v)
{
    static const struct call_stats zero;
    struct call_stats *stats = bpf_map_lookup_elem(&call_stats, &parity);

    if (!stats) {
        bpf_map_update_elem(&call_stats, &parity, &zero, BPF_NOEXIST);
        stats = bpf_map_lookup_elem(&call_stats, &parity);
        if (!stats)
            return;
    }
    __sync_fetch_and_add(&stats->calls, 1);
    __sync_fetch_and_add(&stats->argument_sum, v);
}

static __always_inline void set_gauge(void *array, u64 level)
{
    u32 zero = 0;
    u64 *value = bpf_map_lookup_elem(array, &zero);

    if (value)
        *value = level;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(count_getpgid, struct pt_regs *regs, long id)
{
    u64 v;
    u32 parity;

    if (!getpgid_argument(regs, id, COMM_MAPVALUE, &v))
        return 0;
    parity = v & 1;
    increment_percpu_map(&percpu_calls_total, &parity, 1, &percpu_calls_total_overflow);
    increment_percpu_map(&percpu_summed_calls_total, &parity, 1, &percpu_summed_calls_total_overflow);
    add_percpu_array(&percpu_only_cpu_calls_total, 0, 1);
    observe_percpu_array_histogram(&percpu_values, 0, exp2_slot(v), MAX_SLOT, v);
    set_gauge(&last_argument, v);
    set_gauge(&last_argument_by_cpu, v);
    add_call_stats(parity, v);
    bpf_perf_event_output(ctx, &perf_calls_total, BPF_F_CURRENT_CPU, &v, sizeof(v));
    bpf_perf_event_output(ctx, &perf_flushed_calls_total, BPF_F_CURRENT_CPU, &v, sizeof(v));
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
