/* Test program on fentry, which some kernels refuse (EPERM). */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "test-counter.bpf.h"

SEC("fentry/do_nanosleep")
int BPF_PROG(on_nanosleep)
{
    count_event();
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
