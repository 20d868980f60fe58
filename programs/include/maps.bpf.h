/* Counting into metric maps without losing increments.
 *
 * The exporter reads metric maps cumulatively and never deletes live keys, so an increment that
 * lands in a map element is never lost. The one place an increment can still be lost is a full
 * hash map: the insert of a new key fails with -E2BIG. Those increments go to the metric's
 * overflow counter (a per-CPU array named <metric>_overflow), which the exporter adds to the
 * metric as one series whose labels all read "[overflow]", so sums over the metric stay exact,
 * and exports as ebpf_exporter_map_overflow_total so a full map is visible.
 */
#ifndef EBPF_EXPORTER_MAPS_BPF_H
#define EBPF_EXPORTER_MAPS_BPF_H

#include <bpf/bpf_helpers.h>

#define METRIC_OVERFLOW_MAP(metric)                                                                \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);                                                   \
        __uint(max_entries, 1);                                                                    \
        __type(key, u32);                                                                          \
        __type(value, u64);                                                                        \
    } metric##_overflow SEC(".maps")

/* map[key], inserted at zero if missing; NULL when the map is full. -EEXIST from a racing insert
 * on another CPU is fine: the second lookup finds that CPU's element. */
static __always_inline u64 *lookup_or_insert_zero(void *map, const void *key)
{
    static const u64 zero;
    u64 *count = bpf_map_lookup_elem(map, key);

    if (!count) {
        bpf_map_update_elem(map, key, &zero, BPF_NOEXIST);
        count = bpf_map_lookup_elem(map, key);
    }
    return count;
}

/* Adds inc to a metric's <metric>_overflow counter (per-CPU value: no atomic needed). */
static __always_inline void count_overflow(void *overflow, u64 inc)
{
    u32 slot = 0;
    u64 *lost = bpf_map_lookup_elem(overflow, &slot);

    if (lost)
        *lost += inc;
}

/* Adds inc to map[key] (a hash shared by all CPUs: atomic add), creating the key at zero first;
 * when the map is full, adds inc to the overflow counter instead. Returns 0 when counted in the
 * map, 1 when counted as overflow. */
static __always_inline int increment_map(void *map, const void *key, u64 inc, void *overflow)
{
    u64 *count = lookup_or_insert_zero(map, key);

    if (!count) {
        count_overflow(overflow, inc);
        return 1;
    }
    __sync_fetch_and_add(count, inc);
    return 0;
}

#endif
