/* For test programs that observe values a test chooses: the first argument of getpgid(2), taken
 * at syscall entry when the calling task's comm is exactly the 8 characters read as the
 * little-endian u64 `comm`. */
#ifndef GETPGID_ARGUMENT_BPF_H
#define GETPGID_ARGUMENT_BPF_H

#include <bpf/bpf_core_read.h>

#define GETPGID_NR 121 /* x86_64 */

static __always_inline bool getpgid_argument(struct pt_regs *regs, long id, u64 comm, u64 *v)
{
    u64 current_comm[TASK_COMM_LEN / sizeof(u64)];

    if (id != GETPGID_NR)
        return false;
    bpf_get_current_comm(current_comm, sizeof(current_comm));
    if (current_comm[0] != comm || (current_comm[1] & 0xff) != 0)
        return false;
    *v = BPF_CORE_READ(regs, di);
    return true;
}

#endif
