/* Guest compatibility case "uprobe": uprobe/ and uretprobe/ on the C library's syscall(3), through
 * which the driver makes its getppid calls (and no other call while under its comm). The library
 * is named without a folder, as configs write it: libbpf finds it on its own search path (on
 * Debian, /lib/x86_64-linux-gnu). Per driver call: uprobe and uretprobe += 1. */
#include "compat.bpf.h"

enum uprobe_hook {
    HOOK_UPROBE = 0,
    HOOK_URETPROBE = 1,
};

COMPAT_HOOK_CALLS_MAP(compat_uprobe_calls_total);

SEC("uprobe/libc.so.6:syscall")
int BPF_KPROBE(compat_uprobe_entry)
{
    compat_count_hook(&compat_uprobe_calls_total, &compat_uprobe_calls_total_overflow, HOOK_UPROBE);
    return 0;
}

SEC("uretprobe/libc.so.6:syscall")
int BPF_KRETPROBE(compat_uprobe_return)
{
    compat_count_hook(&compat_uprobe_calls_total, &compat_uprobe_calls_total_overflow, HOOK_URETPROBE);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
