/* Test program: observes the first argument of getpgid(2) calls made by tasks whose comm is
 * "natvhist" into exp2 and exp2zero histograms whose top slot is past every slot a u64 value reaches
 * (so the exporter serves them as native histograms too), and into an exp2 twin whose top slot clamps
 * (served as a classic histogram only), so a test can compare both representations of the same
 * values it chose. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "histogram.bpf.h"
#include "getpgid-argument.bpf.h"

#define EXP2_TOP_SLOT 64 /* ceil(log2 (2^64 - 1)): nothing is clamped */
#define EXP2ZERO_TOP_SLOT 65
#define TWIN_TOP_SLOT 63 /* one below: values above 2^62 would be clamped */
#define COMM_NATVHIST 0x747369687674616eULL /* "natvhist" read as a little-endian u64 */

struct slot_key {
    u64 slot;
};

#define HISTOGRAM_MAP(name, top_slot)                                                              \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_HASH);                                                           \
        __uint(max_entries, (top_slot) + 2);                                                       \
        __type(key, struct slot_key);                                                              \
        __type(value, u64);                                                                        \
    } name SEC(".maps");                                                                           \
    METRIC_OVERFLOW_MAP(name)

HISTOGRAM_MAP(native_exp2_values, EXP2_TOP_SLOT);
HISTOGRAM_MAP(native_exp2zero_values, EXP2ZERO_TOP_SLOT);
HISTOGRAM_MAP(classic_exp2_values, TWIN_TOP_SLOT);

SEC("tp_btf/sys_enter")
int BPF_PROG(observe_getpgid, struct pt_regs *regs, long id)
{
    struct slot_key key = {};
    u64 v;

    if (!getpgid_argument(regs, id, COMM_NATVHIST, &v))
        return 0;
    observe_histogram(&native_exp2_values, &key, exp2_slot(v), v, EXP2_TOP_SLOT, &native_exp2_values_overflow);
    observe_histogram(&native_exp2zero_values, &key, exp2zero_slot(v), v, EXP2ZERO_TOP_SLOT,
                      &native_exp2zero_values_overflow);
    observe_histogram(&classic_exp2_values, &key, exp2_slot(v), v, TWIN_TOP_SLOT, &classic_exp2_values_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
