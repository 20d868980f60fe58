/* Page faults by kind (user / kernel mode) and the faulting task's comm.
 *
 * Hooks: exceptions:page_fault_user and exceptions:page_fault_kernel (x86), as tp_btf programs so
 * they need neither tracefs nor kprobes. Both fire once per fault exception, before the fault is
 * handled, which is the same event getrusage() counts as ru_minflt + ru_majflt for ordinary faults.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"

/* 2 kinds x the distinct comms a node runs; the exporter may override it (max_entries). */
#define MAX_ENTRIES 8192

enum fault_kind {
    FAULT_USER = 0,
    FAULT_KERNEL = 1,
};

struct fault_key {
    u32 kind;
    char comm[TASK_COMM_LEN];
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, MAX_ENTRIES);
    __type(key, struct fault_key);
    __type(value, u64);
} page_faults_total SEC(".maps");

METRIC_OVERFLOW_MAP(page_faults_total);

static __always_inline int count_fault(u32 kind)
{
    struct fault_key key = { .kind = kind };

    bpf_get_current_comm(&key.comm, sizeof(key.comm));
    increment_map(&page_faults_total, &key, 1, &page_faults_total_overflow);
    return 0;
}

SEC("tp_btf/page_fault_user")
int BPF_PROG(page_fault_user)
{
    return count_fault(FAULT_USER);
}

SEC("tp_btf/page_fault_kernel")
int BPF_PROG(page_fault_kernel)
{
    return count_fault(FAULT_KERNEL);
}

char LICENSE[] SEC("license") = "GPL";
