/* Compatibility case "histogram-fixed": a histogram with fixed bucket_keys 10, 100 and 1000, whose slot
 * is the smallest key >= the value (values above the last key clamp to it: +Inf only). Per driver
 * call it observes 5 (slot 10), 100 (slot 100) and 5000 (slot 1000); the sum slot, last key + 1,
 * adds up the same values (5105). */
#include "compat.bpf.h"
#include "histogram.bpf.h"

#define LAST_KEY 1000

struct fixed_bytes_key {
    u64 slot;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, struct fixed_bytes_key);
    __type(value, u64);
} compat_histogram_fixed_bytes SEC(".maps");

METRIC_OVERFLOW_MAP(compat_histogram_fixed_bytes);

/* The smallest bucket key >= value, the last key for any value above it. */
static __always_inline u64 fixed_slot(u64 value)
{
    return value <= 10 ? 10 : value <= 100 ? 100 : LAST_KEY;
}

/* Counts value in its slot and adds it to the sum. */
static __always_inline void observe(u64 value)
{
    struct fixed_bytes_key key = {};

    observe_histogram(&compat_histogram_fixed_bytes, &key, fixed_slot(value), value, LAST_KEY,
                      &compat_histogram_fixed_bytes_overflow);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_histogram_fixed_bytes_observe, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    observe(5);
    observe(100);
    observe(5000);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
