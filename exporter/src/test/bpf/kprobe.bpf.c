/* Test program on a kprobe, which kernels built without CONFIG_KPROBES cannot attach. */
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

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(on_nanosleep)
{
    u32 key = 0;

    increment_map(&events_total, &key, 1, &events_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
