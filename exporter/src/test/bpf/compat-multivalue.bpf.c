/* Compatibility case "multivalue": one map entry whose value is a struct of two u64s, fanned out
 * into two counters by the YAML's values list. Per driver call: key 1 gets calls += 1 and
 * bytes += 100, key 2 calls += 2 and bytes += 200. */
#include "compat.bpf.h"

struct multivalue_stats {
    u64 calls;
    u64 bytes;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, struct multivalue_stats);
} compat_multivalue_stats SEC(".maps");

static __always_inline void add_stats(u32 key, u64 calls, u64 bytes)
{
    static const struct multivalue_stats zero;
    struct multivalue_stats *stats = bpf_map_lookup_elem(&compat_multivalue_stats, &key);

    if (!stats) {
        bpf_map_update_elem(&compat_multivalue_stats, &key, &zero, BPF_NOEXIST);
        stats = bpf_map_lookup_elem(&compat_multivalue_stats, &key);
        if (!stats)
            return;
    }
    __sync_fetch_and_add(&stats->calls, calls);
    __sync_fetch_and_add(&stats->bytes, bytes);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_multivalue, struct pt_regs *regs, long id)
{
    if (!compat_driver_call(id))
        return 0;
    add_stats(1, 1, 100);
    add_stats(2, 2, 200);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
