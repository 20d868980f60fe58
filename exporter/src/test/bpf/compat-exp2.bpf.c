/* Compatibility case "exp2": an exp2 histogram with bucket_min/bucket_max and a multiplier. Per
 * driver call it observes 1, 3, 1000 and 5000 (above 2^10: the +Inf bucket); the sum slot adds
 * up the same values. */
#include "compat.bpf.h"
#include "histogram.bpf.h"

#define MAX_SLOT 10

struct exp2_key {
    u32 op;
    u32 pad;
    u64 slot;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 32);
    __type(key, struct exp2_key);
    __type(value, u64);
} compat_exp2_seconds SEC(".maps");

METRIC_OVERFLOW_MAP(compat_exp2_seconds);

static __always_inline void observe(u64 value)
{
    struct exp2_key key = { .op = 7 };

    observe_histogram(&compat_exp2_seconds, &key, exp2_slot(value), value, MAX_SLOT,
                      &compat_exp2_seconds_overflow);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_exp2, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    observe(1);
    observe(3);
    observe(1000);
    observe(5000);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
