/* A kprobe on a kernel function no kernel has: attaching must fail with a clear message. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "probe-calls.bpf.h"

PROBE_CALLS_MAP(missing_kprobe_calls_total);

SEC("kprobe/ebpf_exporter_no_such_function")
int BPF_KPROBE(kprobe_missing)
{
    count_call(&missing_kprobe_calls_total, &missing_kprobe_calls_total_overflow, PROBE_ENTRY);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
