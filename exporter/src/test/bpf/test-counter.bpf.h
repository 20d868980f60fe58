/* The counter map the bad-input test programs share; its YAML is test-counter.yaml beside it. */
#include "maps.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, u32);
    __type(value, u64);
} events_total SEC(".maps");

METRIC_OVERFLOW_MAP(events_total);

static __always_inline void count_event(void)
{
    u32 key = 0;

    increment_map(&events_total, &key, 1, &events_total_overflow);
}
