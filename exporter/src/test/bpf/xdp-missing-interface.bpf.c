/* Test program on an XDP hook of an interface no test machine has: it loads, and the exporter
 * finds no interface of that name to attach it to (ENODEV). */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include "test-counter.bpf.h"

SEC("xdp/no-such-if0")
int on_missing_interface(struct xdp_md *ctx)
{
    count_event();
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
