/* Probe-cost benchmark programs: each probes sys_enter_getpid (one classic tracepoint, so only
 * the benchmark's own syscalls pay) and does a different amount of work, the shape of
 * ebpf_exporter's published benchmark: nothing, a hash keyed by pid, a hash keyed by a 48-byte
 * struct. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include "maps.bpf.h"

#define PROBE_COUNTER(name, key_type)                                                              \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_HASH);                                                           \
        __uint(max_entries, 1024);                                                                 \
        __type(key, key_type);                                                                     \
        __type(value, u64);                                                                        \
    } name SEC(".maps");                                                                           \
    METRIC_OVERFLOW_MAP(name)

char LICENSE[] SEC("license") = "GPL";
