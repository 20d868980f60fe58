/* Compatibility case "perf-event-array": each sample the program sends is one event, counted
 * under the labels its bytes decode to. Per driver call: one sample of kind 1, two of kind 2. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __uint(key_size, sizeof(u32));
    __uint(value_size, sizeof(u32));
} compat_perf_event_array_total SEC(".maps");

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_perf_event_array, struct pt_regs *regs, long id)
{
    u32 one = 1;
    u32 two = 2;

    if (!compat_driver_call(id))
        return 0;
    bpf_perf_event_output(ctx, &compat_perf_event_array_total, BPF_F_CURRENT_CPU, &one, sizeof(one));
    bpf_perf_event_output(ctx, &compat_perf_event_array_total, BPF_F_CURRENT_CPU, &two, sizeof(two));
    bpf_perf_event_output(ctx, &compat_perf_event_array_total, BPF_F_CURRENT_CPU, &two, sizeof(two));
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
