/* What the reload test programs (reload-<name>.bpf.c, run by ReloadIT) share: each counts, in its
 * own map, the getpgid(2) calls of tasks whose comm is "reloadit", keyed by the call's argument.
 * Several configs then count the same calls exactly, and a test can tell which of them kept its
 * counts across a reload and which started again from 0. */
#ifndef RELOAD_COUNTER_BPF_H
#define RELOAD_COUNTER_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"
#include "getpgid-argument.bpf.h"

#define COMM_RELOADIT 0x746964616f6c6572ULL /* "reloadit" read as a little-endian u64 */

/* A counter map `map` (label: the getpgid argument as a u32) and the program `prog` filling it. */
#define RELOAD_COUNTER(map, prog)                                                                  \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_HASH);                                                           \
        __uint(max_entries, 16);                                                                   \
        __type(key, u32);                                                                          \
        __type(value, u64);                                                                        \
    } map SEC(".maps");                                                                            \
    METRIC_OVERFLOW_MAP(map);                                                                      \
                                                                                                   \
    SEC("tp_btf/sys_enter")                                                                        \
    int BPF_PROG(prog, struct pt_regs *regs, long id)                                              \
    {                                                                                              \
        u32 key;                                                                                   \
        u64 v;                                                                                     \
                                                                                                   \
        if (!getpgid_argument(regs, id, COMM_RELOADIT, &v))                                        \
            return 0;                                                                              \
        key = v;                                                                                   \
        increment_map(&map, &key, 1, &map##_overflow);                                             \
        return 0;                                                                                  \
    }                                                                                              \
                                                                                                   \
    char LICENSE[] SEC("license") = "GPL"

#endif
