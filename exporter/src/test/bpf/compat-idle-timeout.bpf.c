/* Compatibility case "idle-timeout": the same increments in two maps, one with idle_timeout 1ms
 * (a key unchanged over one drain is deleted from the map) and one with 1h. CompatSuiteIT scrapes
 * four drains after the driver, when the first map's keys have been retired: their series, fed by
 * no other key, have left the exposition, while the second map's keys still count 3 and 6. (That
 * a retired key's count stays in a series that other keys still feed is SeriesBoundsTest's.)
 * Per driver call, in both maps: one += 1, two += 2. */
#include "compat.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_idle_timeout_retired_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_idle_timeout_retired_total);

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_idle_timeout_kept_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_idle_timeout_kept_total);

static __always_inline void add(u32 key, u64 inc)
{
    increment_map(&compat_idle_timeout_retired_total, &key, inc, &compat_idle_timeout_retired_total_overflow);
    increment_map(&compat_idle_timeout_kept_total, &key, inc, &compat_idle_timeout_kept_total_overflow);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_idle_timeout, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    add(1, 1);
    add(2, 2);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
