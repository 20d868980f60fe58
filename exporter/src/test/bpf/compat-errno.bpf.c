/* Compatibility case "errno": a u32 errno decoded by uint → errno. Per driver call: EACCES, ENOENT
 * and 95 (ENOTSUP, ebpf_exporter's name for EOPNOTSUPP) += 1; 0 (no errno) += 2. */
#include "compat.bpf.h"

struct errno_key {
    u32 err;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 8);
    __type(key, struct errno_key);
    __type(value, u64);
} compat_errno_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_errno_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_errno, struct pt_regs *regs, long id)
{
    struct errno_key eacces = { .err = 13 }, enoent = { .err = 2 }, enotsup = { .err = 95 }, none = { .err = 0 };

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_errno_total, &eacces, 1, &compat_errno_total_overflow);
    increment_map(&compat_errno_total, &enoent, 1, &compat_errno_total_overflow);
    increment_map(&compat_errno_total, &enotsup, 1, &compat_errno_total_overflow);
    increment_map(&compat_errno_total, &none, 2, &compat_errno_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
