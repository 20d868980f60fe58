/* Counting into per-CPU hash maps without atomics and without losing increments.
 *
 * The per-CPU twin of increment_map (maps.bpf.h): each CPU adds to its own copy of the value, so
 * a plain add suffices (a program does not migrate while it runs); the exporter sums the copies.
 * An insert from a program zeroes the other CPUs' copies, and a racing insert of the same key on
 * another CPU (-EEXIST) leaves this CPU's copy at zero, so the lookup after it finds a valid
 * counter either way. A full map counts into the <map>_overflow per-CPU counter, as in maps.bpf.h.
 */
#ifndef EBPF_EXPORTER_PERCPU_MAPS_BPF_H
#define EBPF_EXPORTER_PERCPU_MAPS_BPF_H

#include <bpf/bpf_helpers.h>
#include "maps.bpf.h"

/* Adds inc to this CPU's copy of map[key] (a BPF_MAP_TYPE_PERCPU_HASH), creating the key at zero
 * first; when the map is full, adds inc to the overflow counter instead. Returns 0 when counted
 * in the map, 1 when counted as overflow. */
static __always_inline int increment_percpu_map(void *map, const void *key, u64 inc, void *overflow)
{
    u64 *count = lookup_or_insert_zero(map, key);

    if (!count) {
        count_overflow(overflow, inc);
        return 1;
    }
    *count += inc;
    return 0;
}

/* Adds inc to this CPU's copy of array[index] (a BPF_MAP_TYPE_PERCPU_ARRAY: every index exists,
 * so only an index past max_entries is not counted). */
static __always_inline void add_percpu_array(void *array, u32 index, u64 inc)
{
    u64 *value = bpf_map_lookup_elem(array, &index);

    if (value)
        *value += inc;
}

#endif
