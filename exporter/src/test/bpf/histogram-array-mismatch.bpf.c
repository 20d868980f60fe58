/* Test program whose array-backed histograms are sized for a top slot of 12 (14 slots per label
 * value: 0 … 12 and the sum), while the histogram-array-*.yaml configs beside it declare other
 * buckets: the loader must refuse each before load rather than mislabel buckets. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define SLOTS (12 + 2)

#define HISTOGRAM_ARRAY(name, entries)                                                             \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);                                                   \
        __uint(max_entries, entries);                                                              \
        __type(key, u32);                                                                          \
        __type(value, u64);                                                                        \
    } name SEC(".maps")

HISTOGRAM_ARRAY(by_slot_seconds, SLOTS);
HISTOGRAM_ARRAY(by_parity_seconds, 2 * SLOTS);
HISTOGRAM_ARRAY(by_kind_seconds, 3 * SLOTS);

SEC("tp_btf/sys_enter")
int BPF_PROG(nothing)
{
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
