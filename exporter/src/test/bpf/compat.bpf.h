/* What every compatibility-suite program (compat-<case>.bpf.c, run by CompatSuiteIT, and
 * guest-compat-<case>.bpf.c, run in the guest kernels by GuestKernelIT) shares: it
 * counts only the getppid(2) calls of the suite's driver (src/test/c/compat-driver.c, comm
 * "ebpf-compat"), so each case's keys get exactly the increments the driver's calls make, whoever
 * else runs on the machine, and its exposition can be compared byte for byte with a golden file. */
#ifndef EBPF_EXPORTER_COMPAT_BPF_H
#define EBPF_EXPORTER_COMPAT_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"

#if defined(__TARGET_ARCH_x86)
#define COMPAT_NR_GETPPID 110
#elif defined(__TARGET_ARCH_arm64)
#define COMPAT_NR_GETPPID 173
#else
#error "compat.bpf.h: getppid's number is not known for this architecture"
#endif

#define COMPAT_DRIVER_COMM "ebpf-compat"

/* True when the current task is the driver: for a program on getppid itself (kprobe/, fentry/ ...). */
static __always_inline bool compat_driver_task(void)
{
    static const char driver[] = COMPAT_DRIVER_COMM;
    char comm[16];

    bpf_get_current_comm(comm, sizeof(comm));
    for (int i = 0; i < sizeof(driver); i++) {
        if (comm[i] != driver[i])
            return false;
    }
    return true;
}

/* True when the current task is the driver entering getppid (id: the syscall number sys_enter gets). */
static __always_inline bool compat_driver_call(long id)
{
    return id == COMPAT_NR_GETPPID && compat_driver_task();
}

/* The probe-kind cases (guest-compat-kprobe, -fentry, -uprobe) count the driver's calls by the
 * hook that saw them: a map of u32 hook (a static_map label) to count. */
struct compat_hook_key {
    u32 hook;
};

#define COMPAT_HOOK_CALLS_MAP(metric)                                                              \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_HASH);                                                           \
        __uint(max_entries, 4);                                                                    \
        __type(key, struct compat_hook_key);                                                       \
        __type(value, u64);                                                                        \
    } metric SEC(".maps");                                                                         \
    METRIC_OVERFLOW_MAP(metric)

/* Counts a call seen by hook in map (a COMPAT_HOOK_CALLS_MAP) when the driver made it. */
static __always_inline void compat_count_hook(void *map, void *overflow, u32 hook)
{
    struct compat_hook_key key = { .hook = hook };

    if (compat_driver_task())
        increment_map(map, &key, 1, overflow);
}

#endif
