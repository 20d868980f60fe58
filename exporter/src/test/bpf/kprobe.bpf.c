/* Test program on a kprobe, which kernels built without CONFIG_KPROBES cannot attach. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "test-counter.bpf.h"

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(on_nanosleep)
{
    count_event();
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
