/* Test program the verifier must reject: it writes through a map value pointer that may be NULL. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "test-counter.bpf.h"

SEC("tp_btf/sys_enter")
int BPF_PROG(unchecked_lookup)
{
    u32 key = 0;
    u64 *count = bpf_map_lookup_elem(&events_total, &key);

    *count += 1; /* no NULL check */
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
