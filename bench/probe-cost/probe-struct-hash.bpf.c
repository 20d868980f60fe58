/* Counts getpid calls in a hash keyed by a 48-byte struct (pid, comm, padding to 48 bytes). */
#include "probes.bpf.h"

struct wide_key {
    u32 pid;
    u32 reserved;
    char comm[16];
    u64 padding[3];
};

PROBE_COUNTER(probe_struct_total, struct wide_key);

SEC("tracepoint/syscalls/sys_enter_getpid")
int probe_struct_hash(void *ctx)
{
    struct wide_key key = { .pid = bpf_get_current_pid_tgid() >> 32 };

    bpf_get_current_comm(key.comm, sizeof(key.comm));
    increment_map(&probe_struct_total, &key, 1, &probe_struct_total_overflow);
    return 0;
}
