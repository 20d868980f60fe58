/* Test program on a tp_btf tracepoint no kernel has: libbpf finds no BTF for it at load (ESRCH). */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "test-counter.bpf.h"

SEC("tp_btf/no_such_event_xyz")
int BPF_PROG(on_missing_tracepoint)
{
    count_event();
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
