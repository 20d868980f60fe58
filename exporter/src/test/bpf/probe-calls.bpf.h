/* The map the probe-kind test programs count into: calls by probe (entry or return) and by the
 * calling task's comm, so that a test counts exactly the calls of its own helper process
 * (probe-driver.c, under a comm of its own) whoever else calls the same function. */
#include "maps.bpf.h"

enum probe_point {
    PROBE_ENTRY = 0,
    PROBE_RETURN = 1,
};

struct probe_call {
    u32 probe;
    char comm[16];
};

#define PROBE_CALLS_MAP(metric)                                                                    \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_HASH);                                                           \
        __uint(max_entries, 1024);                                                                 \
        __type(key, struct probe_call);                                                            \
        __type(value, u64);                                                                        \
    } metric SEC(".maps");                                                                         \
    METRIC_OVERFLOW_MAP(metric)

static __always_inline void count_call(void *map, void *overflow, enum probe_point probe)
{
    struct probe_call key = { .probe = probe };

    bpf_get_current_comm(key.comm, sizeof(key.comm));
    increment_map(map, &key, 1, overflow);
}
