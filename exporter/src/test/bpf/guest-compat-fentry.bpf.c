/* Guest compatibility case "fentry": BPF trampolines on getppid(2)'s body (__do_sys_getppid:
 * kprobe.bpf.c says why that name), counting the driver's calls. Per driver call: fentry and
 * fexit += 1. Kernels that refuse trampolines (EPERM) refuse both. */
#include "compat.bpf.h"

enum fentry_hook {
    HOOK_FENTRY = 0,
    HOOK_FEXIT = 1,
};

COMPAT_HOOK_CALLS_MAP(compat_fentry_calls_total);

SEC("fentry/__do_sys_getppid")
int BPF_PROG(compat_fentry_entry)
{
    compat_count_hook(&compat_fentry_calls_total, &compat_fentry_calls_total_overflow, HOOK_FENTRY);
    return 0;
}

SEC("fexit/__do_sys_getppid")
int BPF_PROG(compat_fentry_exit)
{
    compat_count_hook(&compat_fentry_calls_total, &compat_fentry_calls_total_overflow, HOOK_FEXIT);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
