/* Compatibility case "histogram-exp2zero": an exp2zero histogram, whose slot 0 holds exactly 0 (le="0.0")
 * and slot k >= 1 holds (2^(k-2), 2^(k-1)]. Per driver call it observes 0, 1, 3 (slot 3, le 4) and
 * 100 (above the top slot 5: +Inf only); the sum slot adds up the same values (104). */
#include "compat.bpf.h"
#include "histogram.bpf.h"

#define MAX_SLOT 5

struct exp2zero_observations_key {
    u64 slot;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, struct exp2zero_observations_key);
    __type(value, u64);
} compat_histogram_exp2zero_observations SEC(".maps");

METRIC_OVERFLOW_MAP(compat_histogram_exp2zero_observations);

/* Counts value in its slot and adds it to the sum. */
static __always_inline void observe(u64 value)
{
    struct exp2zero_observations_key key = {};

    observe_histogram(&compat_histogram_exp2zero_observations, &key, exp2zero_slot(value), value, MAX_SLOT,
                      &compat_histogram_exp2zero_observations_overflow);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_histogram_exp2zero_observations_observe, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    observe(0);
    observe(1);
    observe(3);
    observe(100);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
