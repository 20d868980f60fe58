/* Test program: observes the first argument of getpgid(2) calls made by tasks whose comm is
 * "histslot" into one histogram per slot helper of histogram.bpf.h, and one in a labelled per-CPU
 * array, so a test can check the helpers and the exporter's bucket bounds and array keys end to
 * end against values it chose. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "histogram.bpf.h"
#include "getpgid-argument.bpf.h"

#define MAX_SLOT 12
#define LINEAR_STEP 10
#define COMM_HISTSLOT 0x746f6c7374736968ULL /* "histslot" read as a little-endian u64 */

struct slot_key {
    u64 slot;
};

#define HISTOGRAM_MAP(name)                                                                        \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_HASH);                                                           \
        __uint(max_entries, MAX_SLOT + 2);                                                         \
        __type(key, struct slot_key);                                                              \
        __type(value, u64);                                                                        \
    } name SEC(".maps");                                                                           \
    METRIC_OVERFLOW_MAP(name)

HISTOGRAM_MAP(exp2_values);
HISTOGRAM_MAP(exp2zero_values);
HISTOGRAM_MAP(linear_values);

/* exp2 again, labelled by the value's parity, in a per-CPU array indexed by (parity, slot). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 2 * (MAX_SLOT + 2));
    __type(key, u32);
    __type(value, u64);
} exp2_by_parity SEC(".maps");

SEC("tp_btf/sys_enter")
int BPF_PROG(observe_getpgid, struct pt_regs *regs, long id)
{
    struct slot_key key = {};
    u64 v;

    if (!getpgid_argument(regs, id, COMM_HISTSLOT, &v))
        return 0;
    observe_histogram(&exp2_values, &key, exp2_slot(v), v, MAX_SLOT, &exp2_values_overflow);
    observe_histogram(&exp2zero_values, &key, exp2zero_slot(v), v, MAX_SLOT, &exp2zero_values_overflow);
    /* The linear bounds are k x step, so the sum slot counts in steps too (exact for multiples). */
    observe_histogram(&linear_values, &key, linear_slot(v, LINEAR_STEP), v / LINEAR_STEP, MAX_SLOT,
                      &linear_values_overflow);
    observe_percpu_array_histogram(&exp2_by_parity, v & 1, exp2_slot(v), MAX_SLOT, v);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
