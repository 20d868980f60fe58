/* Key churn for bench/churn.sh: each getpriority(CHURN_WHICH, key) call counts 1 under its own
 * u64 key, so a driver sets the number of distinct keys and their rate without forking. CHURN_WHICH
 * is no valid "which" (the call fails with EINVAL at once), so no other caller is counted. The
 * syscall number and the argument registers are x86_64's. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"

#define NR_GETPRIORITY 140
#define CHURN_WHICH 0x7a11

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 65536);
    __type(key, u64);
    __type(value, u64);
} churn_keys_total SEC(".maps");

METRIC_OVERFLOW_MAP(churn_keys_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(churn_sys_enter, struct pt_regs *regs, long id)
{
    u64 key;

    if (id != NR_GETPRIORITY || regs->di != CHURN_WHICH)
        return 0;
    key = regs->si;
    increment_map(&churn_keys_total, &key, 1, &churn_keys_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
