/* Compatibility case "majorminor": device numbers in the layout the decoder reads (the kernel's
 * new_encode_dev, which userspace's major() and minor() decode): 7:0, loop0, which the loop driver
 * registers at load (CONFIG_BLK_DEV_LOOP_MIN_COUNT, 8 by default) whether or not it is attached,
 * so /sys/dev/block/7:0 names it on any host with loop devices; and 4095:1048575, the largest
 * number, which no driver registers. Per driver call: loop0 += 1, unknown:4095:1048575 += 2. */
#include "compat.bpf.h"

#define ENCODE_DEV(major, minor) (((minor) & 0xff) | ((major) << 8) | (((minor) & ~0xff) << 12))

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, u32);
    __type(value, u64);
} compat_majorminor_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_majorminor_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_majorminor, struct pt_regs *regs, long id)
{
    u32 loop0 = ENCODE_DEV(7u, 0u);
    u32 unregistered = ENCODE_DEV(4095u, 1048575u);

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_majorminor_total, &loop0, 1, &compat_majorminor_total_overflow);
    increment_map(&compat_majorminor_total, &unregistered, 2, &compat_majorminor_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
