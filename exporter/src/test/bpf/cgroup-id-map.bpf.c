/* Test program for cgroup_id_map (CgroupIdMapIT): counts the sched_getparam calls of
 * syscall-issuer processes by their cgroup, into cgroup_matched_calls_total when the exporter has
 * put the cgroup's id in cgroup_id_map, else into cgroup_unmatched_calls_total. The comm and the
 * rare call keep every other task out (sched_getparam: see syscall-issuer.c). */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"

#if defined(__TARGET_ARCH_x86)
#define NR_SCHED_GETPARAM 143
#elif defined(__TARGET_ARCH_arm64)
#define NR_SCHED_GETPARAM 121
#else
#error "sched_getparam's number is known for x86 and arm64 only"
#endif

static const char ISSUER[] = "syscall-issuer";

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, u64);
    __type(value, u64);
} cgroup_id_map SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, u64);
    __type(value, u64);
} cgroup_matched_calls_total SEC(".maps");

METRIC_OVERFLOW_MAP(cgroup_matched_calls_total);

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, u64);
    __type(value, u64);
} cgroup_unmatched_calls_total SEC(".maps");

METRIC_OVERFLOW_MAP(cgroup_unmatched_calls_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id)
{
    char comm[sizeof(ISSUER)];
    u64 cgroup;

    if (id != NR_SCHED_GETPARAM || bpf_get_current_comm(comm, sizeof(comm)) != 0)
        return 0;
    for (int i = 0; i < sizeof(ISSUER); i++) {
        if (comm[i] != ISSUER[i])
            return 0;
    }
    cgroup = bpf_get_current_cgroup_id();
    if (bpf_map_lookup_elem(&cgroup_id_map, &cgroup))
        increment_map(&cgroup_matched_calls_total, &cgroup, 1, &cgroup_matched_calls_total_overflow);
    else
        increment_map(&cgroup_unmatched_calls_total, &cgroup, 1, &cgroup_unmatched_calls_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
