/* Compatibility case "pci": the four pci_* decoders on fixed ids, named from pci.ids: Intel's
 * 440FX host bridge (vendor 8086, device 1237, class 06 "Bridge", subclass 00 "Host bridge"), and
 * ids that pci.ids lacks (vendor 0002, Intel device 0001, class 41, bridge subclass ff). Per
 * driver call: the known ids += 1, the unknown ones += 2. */
#include "compat.bpf.h"

struct pci_key {
    u32 vendor;
    u32 device;   /* vendor << 16 | device */
    u32 class;
    u32 subclass; /* class << 8 | subclass */
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4);
    __type(key, struct pci_key);
    __type(value, u64);
} compat_pci_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_pci_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_pci, struct pt_regs *regs, long id)
{
    struct pci_key known = { .vendor = 0x8086, .device = 0x80861237, .class = 0x06, .subclass = 0x0600 };
    struct pci_key unknown = { .vendor = 0x0002, .device = 0x80860001, .class = 0x41, .subclass = 0x06ff };

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_pci_total, &known, 1, &compat_pci_total_overflow);
    increment_map(&compat_pci_total, &unknown, 2, &compat_pci_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
