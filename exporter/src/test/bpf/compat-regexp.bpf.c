/* Compatibility case "regexp": a name decoded by string → regexp. Per driver call: alpha += 1
 * (kept as "pha", the pattern's group), beta += 2 (kept whole), gamma += 4 (no pattern matches:
 * dropped, counted in ebpf_exporter_decode_dropped_keys_total). */
#include "compat.bpf.h"

struct regexp_key {
    char name[8];
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 8);
    __type(key, struct regexp_key);
    __type(value, u64);
} compat_regexp_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_regexp_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_regexp, struct pt_regs *regs, long id)
{
    struct regexp_key alpha = { .name = "alpha" }, beta = { .name = "beta" }, gamma = { .name = "gamma" };

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_regexp_total, &alpha, 1, &compat_regexp_total_overflow);
    increment_map(&compat_regexp_total, &beta, 2, &compat_regexp_total_overflow);
    increment_map(&compat_regexp_total, &gamma, 4, &compat_regexp_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
