/* fentry + fexit (BPF trampolines) on getppid(2)'s body, which probe-driver calls a known number
 * of times (why __do_sys_getppid: kprobe.bpf.c). Some kernels refuse trampolines (EPERM). */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "probe-calls.bpf.h"

PROBE_CALLS_MAP(fentry_calls_total);

SEC("fentry/__do_sys_getppid")
int BPF_PROG(fentry_getppid)
{
    count_call(&fentry_calls_total, &fentry_calls_total_overflow, PROBE_ENTRY);
    return 0;
}

SEC("fexit/__do_sys_getppid")
int BPF_PROG(fexit_getppid)
{
    count_call(&fentry_calls_total, &fentry_calls_total_overflow, PROBE_RETURN);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
