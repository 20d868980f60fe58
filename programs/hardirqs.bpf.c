/* Hard IRQ handler time by IRQ number and handler name, as one histogram whose _count is the
 * number of handler runs (what libbpf-tools' hardirqs -d shows, per handler).
 *
 * Hooks: irq:irq_handler_entry (int irq, struct irqaction *action) and irq:irq_handler_exit
 * (int irq, struct irqaction *action, int ret) as tp_btf programs: no tracefs, no kprobes, and
 * the same arguments on every kernel since 2.6.30. They fire around each action's handler, so an
 * interrupt on a shared line runs (and is counted for) each of its handlers; IRQs whose handler
 * the kernel calls elsewhere (local timer, IPIs, nested threaded handlers) fire neither.
 *
 * The entry time is per CPU (a one-slot per-CPU array): a CPU runs one hard IRQ handler at a time,
 * since handlers run with interrupts off (the rule since 2.6.35, which made IRQF_DISABLED a no-op)
 * and NMIs do not fire these tracepoints. The stamp also holds the action it was taken for, and exit measures only
 * its own action's stamp: were a handler ever to re-enable interrupts and be interrupted by
 * another, the inner run would be measured and the outer one dropped, never mistimed. Exit clears
 * the stamp, so an exit whose entry came before the program was attached is not measured.
 *
 * Labels are open-ended (IRQ numbers and driver-chosen names), so the histogram is a hash with
 * overflow counting (maps.bpf.h); the name is read once per run, at exit.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "histogram.bpf.h"

/* Must match configs/hardirqs.yaml: bucket_max. Above 2^(MAX_SLOT-1) ns (67 ms) only +Inf. */
#define MAX_SLOT 27

/* Histogram keys: one per (IRQ, handler) and slot used, plus its sum slot; at most MAX_SLOT + 2
 * per handler, typically a dozen. The exporter may override it (max_entries in the YAML). */
#define MAX_ENTRIES 16384

/* Must match the handler label's size in configs/hardirqs.yaml. 36 fills the key up to the u64
 * slot without padding; longer names (/proc/interrupts shows them whole) are cut to 35 bytes. */
#define HANDLER_NAME_LEN 36

struct handler_key {
    u32 irq;
    char handler[HANDLER_NAME_LEN];
    u64 slot;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, MAX_ENTRIES);
    __type(key, struct handler_key);
    __type(value, u64);
} hardirq_handler_seconds SEC(".maps");

METRIC_OVERFLOW_MAP(hardirq_handler_seconds);

struct handler_stamp {
    u64 entered; /* entry time of the run in progress, 0 if none */
    u64 action; /* the irqaction it belongs to */
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, struct handler_stamp);
} hardirq_stamps SEC(".maps");

/* libbpf attaches programs in the order they appear here: exit before entry, so that no run is
 * stamped at entry whose exit would go unseen while the two are attached one after the other. */
SEC("tp_btf/irq_handler_exit")
int BPF_PROG(irq_handler_exit, int irq, struct irqaction *action, int ret)
{
    u32 zero = 0;
    struct handler_stamp *stamp = bpf_map_lookup_elem(&hardirq_stamps, &zero);
    struct handler_key key;
    u64 ns;

    if (!stamp || !stamp->entered || stamp->action != (u64)action)
        return 0;
    ns = bpf_ktime_get_ns() - stamp->entered;
    stamp->entered = 0;
    __builtin_memset(&key, 0, sizeof(key)); /* the name's tail and any padding are key bytes too */
    key.irq = irq;
    bpf_probe_read_kernel_str(key.handler, sizeof(key.handler), action->name);
    observe_histogram(&hardirq_handler_seconds, &key, exp2_slot(ns), ns, MAX_SLOT,
                      &hardirq_handler_seconds_overflow);
    return 0;
}

SEC("tp_btf/irq_handler_entry")
int BPF_PROG(irq_handler_entry, int irq, struct irqaction *action)
{
    u32 zero = 0;
    struct handler_stamp *stamp = bpf_map_lookup_elem(&hardirq_stamps, &zero);

    if (!stamp)
        return 0;
    stamp->action = (u64)action;
    stamp->entered = bpf_ktime_get_ns();
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
