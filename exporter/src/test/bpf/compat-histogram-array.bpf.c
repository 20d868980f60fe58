/* Compatibility case "histogram-array": an exp2 histogram held in a per-CPU array, slots of label
 * value v at indexes v * (MAX_SLOT + 2) + k, which the exporter turns back into (parity, bucket)
 * keys; both parities are exposed from the start. Per driver call: even observes 3 (slot 2),
 * odd observes 1 (slot 0) and 100 (above the top slot 4: +Inf only). */
#include "compat.bpf.h"
#include "histogram.bpf.h"

#define MAX_SLOT 4
#define PARITIES 2

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, PARITIES * (MAX_SLOT + 2));
    __type(key, u32);
    __type(value, u64);
} compat_histogram_array_observations SEC(".maps");

static __always_inline void observe(u32 parity, u64 value)
{
    observe_percpu_array_histogram(&compat_histogram_array_observations, parity, exp2_slot(value), MAX_SLOT,
                                   value);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_histogram_array, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    observe(0, 3);
    observe(1, 1);
    observe(1, 100);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
