/* uprobe + uretprobe on a function of the probe-driver test helper. The binary is named without a
 * path: libbpf looks it up on the exporter's PATH, so a test puts the helper's folder there. A
 * uprobe's context is pt_regs, as a kprobe's: libbpf 1.1's BPF_KPROBE macros serve both. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "probe-calls.bpf.h"

PROBE_CALLS_MAP(uprobe_calls_total);

SEC("uprobe/probe-driver:probe_driver_call")
int BPF_KPROBE(uprobe_driver_call)
{
    count_call(&uprobe_calls_total, &uprobe_calls_total_overflow, PROBE_ENTRY);
    return 0;
}

SEC("uretprobe/probe-driver:probe_driver_call")
int BPF_KRETPROBE(uretprobe_driver_call)
{
    count_call(&uprobe_calls_total, &uprobe_calls_total_overflow, PROBE_RETURN);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
