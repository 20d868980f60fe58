/* Test program on a uprobe of a symbol /bin/true does not have: it loads, and attach fails (ENOENT). */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "test-counter.bpf.h"

SEC("uprobe//bin/true:no_such_symbol_xyz")
int on_missing_symbol(struct pt_regs *ctx)
{
    count_event();
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
