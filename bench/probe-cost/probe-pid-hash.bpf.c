/* Counts getpid calls in a hash keyed by the caller's pid. */
#include "probes.bpf.h"

PROBE_COUNTER(probe_pid_total, u32);

SEC("tracepoint/syscalls/sys_enter_getpid")
int probe_pid_hash(void *ctx)
{
    u32 pid = bpf_get_current_pid_tgid() >> 32;

    increment_map(&probe_pid_total, &pid, 1, &probe_pid_total_overflow);
    return 0;
}
