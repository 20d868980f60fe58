/* Test program whose second program loads but cannot attach (no such tracepoint), so the loader's
 * error path must release the first program's link. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "test-counter.bpf.h"

SEC("tp_btf/sys_enter")
int BPF_PROG(attaches)
{
    count_event();
    return 0;
}

SEC("tracepoint/no_such_subsystem/no_such_event")
int does_not_attach(void *ctx)
{
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
