/* Compatibility case "dname": a DNS name in wire format decoded by string (cut at the root label's
 * zero) → dname. Per driver call: example.com += 1, www.example.com += 2. */
#include "compat.bpf.h"

struct dname_key {
    char qname[24];
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 8);
    __type(key, struct dname_key);
    __type(value, u64);
} compat_dname_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_dname_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_dname, struct pt_regs *regs, long id)
{
    struct dname_key apex = { .qname = "\x07" "example" "\x03" "com" };
    struct dname_key www = { .qname = "\x03" "www" "\x07" "example" "\x03" "com" };

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_dname_total, &apex, 1, &compat_dname_total_overflow);
    increment_map(&compat_dname_total, &www, 2, &compat_dname_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
