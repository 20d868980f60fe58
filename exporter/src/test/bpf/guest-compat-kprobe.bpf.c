/* Guest compatibility case "kprobe": the kprobe-based hooks ebpf_exporter configs use, each on
 * getppid(2) and counting the driver's calls under its own key: kprobe/ and kretprobe/ on the
 * function's body (__do_sys_getppid: kprobe.bpf.c says why that name), ksyscall/ on the system call
 * by name. Per driver call: kprobe, kretprobe and ksyscall += 1. Kernels without kprobes refuse all
 * three. */
#include "compat.bpf.h"

enum kprobe_hook {
    HOOK_KPROBE = 0,
    HOOK_KRETPROBE = 1,
    HOOK_KSYSCALL = 2,
};

COMPAT_HOOK_CALLS_MAP(compat_kprobe_calls_total);

SEC("kprobe/__do_sys_getppid")
int BPF_KPROBE(compat_kprobe_entry)
{
    compat_count_hook(&compat_kprobe_calls_total, &compat_kprobe_calls_total_overflow, HOOK_KPROBE);
    return 0;
}

SEC("kretprobe/__do_sys_getppid")
int BPF_KRETPROBE(compat_kprobe_return)
{
    compat_count_hook(&compat_kprobe_calls_total, &compat_kprobe_calls_total_overflow, HOOK_KRETPROBE);
    return 0;
}

/* getppid takes no argument, so BPF_KPROBE (BPF_KSYSCALL would leave its regs unused). */
SEC("ksyscall/getppid")
int BPF_KPROBE(compat_kprobe_syscall)
{
    compat_count_hook(&compat_kprobe_calls_total, &compat_kprobe_calls_total_overflow, HOOK_KSYSCALL);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
