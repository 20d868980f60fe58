/* Test program on a perf event no kernel has: software events end before config 999
 * (PERF_COUNT_SW_MAX), so perf_event_open fails with ENOENT. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "test-counter.bpf.h"

SEC("perf_event/type=1,config=999,frequency=99")
int on_missing_event(struct bpf_perf_event_data *ctx)
{
    count_event();
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
