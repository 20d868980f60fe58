/* Compatibility case "labels": a key of several labels, each cut by size and padding and decoded
 * by a chain (uint → static_map, hex, string). Per driver call: alpha += 1, beta += 2. */
#include "compat.bpf.h"

struct labels_key {
    u32 kind;
    u8 tag[4];
    char name[8];
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 8);
    __type(key, struct labels_key);
    __type(value, u64);
} compat_labels_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_labels_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_labels, struct pt_regs *regs, long id)
{
    struct labels_key alpha = { .kind = 0, .tag = { 0xde, 0xad, 0xbe, 0xef }, .name = "alpha" };
    struct labels_key beta = { .kind = 1, .tag = { 0x01, 0x02, 0x03, 0x04 }, .name = "beta" };

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_labels_total, &alpha, 1, &compat_labels_total_overflow);
    increment_map(&compat_labels_total, &beta, 2, &compat_labels_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
