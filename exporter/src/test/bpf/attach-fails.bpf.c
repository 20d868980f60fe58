/* Test program whose second program loads but cannot attach (no such tracepoint), so the loader's
 * error path must release the first program's link. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, u32);
    __type(value, u64);
} events_total SEC(".maps");

METRIC_OVERFLOW_MAP(events_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(attaches)
{
    u32 key = 0;

    increment_map(&events_total, &key, 1, &events_total_overflow);
    return 0;
}

SEC("tracepoint/no_such_subsystem/no_such_event")
int does_not_attach(void *ctx)
{
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
