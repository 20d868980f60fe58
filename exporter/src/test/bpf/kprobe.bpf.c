/* kprobe + kretprobe on getppid(2)'s body, which probe-driver calls a known number of times.
 * __do_sys_getppid is the name every kernel gives it in kallsyms and BTF (the per-arch entry,
 * __x64_sys_getppid, is an alias without BTF since 6.18). Kernels without CONFIG_KPROBES refuse it. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "probe-calls.bpf.h"

PROBE_CALLS_MAP(kprobe_calls_total);

SEC("kprobe/__do_sys_getppid")
int BPF_KPROBE(kprobe_getppid)
{
    count_call(&kprobe_calls_total, &kprobe_calls_total_overflow, PROBE_ENTRY);
    return 0;
}

SEC("kretprobe/__do_sys_getppid")
int BPF_KRETPROBE(kretprobe_getppid)
{
    count_call(&kprobe_calls_total, &kprobe_calls_total_overflow, PROBE_RETURN);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
