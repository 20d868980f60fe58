/* Histogram slots whose Prometheus bounds are true upper bounds (see the exporter's BucketLayout).
 *
 * A histogram map's key ends with a u64 slot. The slot for value v:
 *   exp2      ceil(log2 v), v = 0 and 1 in slot 0: slot k holds (2^(k-1), 2^k]   -> le = 2^k * m
 *   exp2zero  0 for v = 0, else ceil(log2 v) + 1: slot k >= 1 holds (2^(k-2), 2^(k-1)]
 *   linear    ceil(v / step): slot k holds ((k-1)*step, k*step]                  -> le = k * m
 * Values above the top land in slot max (exposed as +Inf only); slot max + 1 accumulates the sum
 * of observed values in the units of the bounds before bucket_multiplier, which the exporter
 * multiplies into _sum: v for exp2/exp2zero, v / step for linear (exact when v is a multiple).
 */
#ifndef EBPF_EXPORTER_HISTOGRAM_BPF_H
#define EBPF_EXPORTER_HISTOGRAM_BPF_H

#include "maps.bpf.h"
#include "percpu_maps.bpf.h"

/* ceil(log2 v) for v >= 1, 0 for v = 0: floor(log2 (v - 1)) + 1, without loops for the verifier. */
static __always_inline u64 log2_ceil(u64 v)
{
    u64 r = 0, shift;

    if (v <= 1)
        return 0;
    v--;
    shift = (v > 0xFFFFFFFF) << 5; v >>= shift; r |= shift;
    shift = (v > 0xFFFF) << 4; v >>= shift; r |= shift;
    shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
    shift = (v > 0xF) << 2; v >>= shift; r |= shift;
    shift = (v > 0x3) << 1; v >>= shift; r |= shift;
    r |= (v >> 1);
    return r + 1;
}

static __always_inline u64 exp2_slot(u64 v)
{
    return log2_ceil(v);
}

static __always_inline u64 exp2zero_slot(u64 v)
{
    return v == 0 ? 0 : log2_ceil(v) + 1;
}

static __always_inline u64 linear_slot(u64 v, u64 step)
{
    return (v + step - 1) / step;
}

/* Counts one observation in key->slot (clamped to max_slot) and adds sum_units to the sum slot
 * max_slot + 1. key must be a struct whose last member is `u64 slot`. */
#define observe_histogram(map, key, slot_of_value, sum_units, max_slot, overflow)                 \
    do {                                                                                           \
        u64 __slot = (slot_of_value);                                                              \
        (key)->slot = __slot > (max_slot) ? (max_slot) : __slot;                                   \
        increment_map(map, key, 1, overflow);                                                      \
        (key)->slot = (max_slot) + 1;                                                              \
        increment_map(map, key, sum_units, overflow);                                              \
    } while (0)

/* The same for a histogram held in a BPF_MAP_TYPE_PERCPU_ARRAY with at most one label besides the
 * bucket: label value v owns indexes v * (max_slot + 2) + k for slots k = 0..max_slot + 1 (the sum),
 * from which the exporter rebuilds (v, k); v = 0 without a label. Two plain adds to this CPU's
 * copy: no hashing, no atomics. */
static __always_inline void observe_percpu_array_histogram(void *array, u32 label, u64 slot, u32 max_slot,
                                                           u64 sum_units)
{
    u32 first = label * (max_slot + 2);

    add_percpu_array(array, first + (slot > max_slot ? max_slot : slot), 1);
    add_percpu_array(array, first + max_slot + 1, sum_units);
}

#endif
