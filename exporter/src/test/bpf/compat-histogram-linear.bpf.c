/* Compatibility case "histogram-linear": a linear histogram of 10 ms steps exposed in seconds
 * (bucket_multiplier 0.01, a step), from bucket_min 1. Per driver call it observes 10 ms (slot 1),
 * 30 ms (slot 3) and 70 ms (above the top slot 5: +Inf only); the sum slot adds up the same values
 * in steps (1 + 3 + 7 = 11, exact for multiples of the step). */
#include "compat.bpf.h"
#include "histogram.bpf.h"

#define STEP_MS 10
#define MAX_SLOT 5

struct linear_seconds_key {
    u64 slot;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, struct linear_seconds_key);
    __type(value, u64);
} compat_histogram_linear_seconds SEC(".maps");

METRIC_OVERFLOW_MAP(compat_histogram_linear_seconds);

/* Counts milliseconds in their slot and adds them, in steps, to the sum. */
static __always_inline void observe(u64 ms)
{
    struct linear_seconds_key key = {};

    observe_histogram(&compat_histogram_linear_seconds, &key, linear_slot(ms, STEP_MS), ms / STEP_MS,
                      MAX_SLOT, &compat_histogram_linear_seconds_overflow);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_histogram_linear_seconds_observe, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    observe(10);
    observe(30);
    observe(70);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
