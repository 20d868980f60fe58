/* What every compatibility-suite program (compat-<case>.bpf.c, run by CompatSuiteIT) shares: it
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

/* True when the current task is the driver entering getppid (id: the syscall number sys_enter gets). */
static __always_inline bool compat_driver_call(long id)
{
    static const char driver[] = COMPAT_DRIVER_COMM;
    char comm[16];

    if (id != COMPAT_NR_GETPPID)
        return false;
    bpf_get_current_comm(comm, sizeof(comm));
    for (int i = 0; i < sizeof(driver); i++) {
        if (comm[i] != driver[i])
            return false;
    }
    return true;
}

#endif
