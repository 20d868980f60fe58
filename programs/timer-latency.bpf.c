/* Timer callback run time by callback function: which timer_list or hrtimer callback makes a
 * TIMER (or HRTIMER) softirq, or the hrtimer interrupt, slow. The histogram is keyed by kind, the
 * callback's address (the exporter's `ksym` decoder names it, module symbols included) and slot.
 *
 * Hooks: timer:timer_expire_entry/exit and timer:hrtimer_expire_entry/exit as tp_btf programs (no
 * tracefs, no kprobes). Their arguments (struct timer_list * / struct hrtimer *, then baseclk or
 * the `now` pointer at entry) are the same from 6.1 to 6.18.
 *
 * The callback address is read at entry (timer->function, hrtimer->function) and kept with the
 * start time, because a callback may free or reuse its timer: exit only compares the pointer, it
 * never reads through it. Entry and exit run on the same CPU without migrating, so the state is
 * per CPU, one slot per context a callback can run in: timer_list callbacks in the TIMER softirq,
 * soft hrtimers in the HRTIMER softirq, hard hrtimers in the hrtimer interrupt, which can
 * interrupt either softirq's callback (and nothing interrupts a hard hrtimer: interrupts stay
 * off). A hrtimer exit is matched against the hard slot first (the inner one), then the soft one.
 *
 * Cardinality: at most MAX_ENTRIES (kind, function, slot) keys; slots clamp to MIN_SLOT..MAX_SLOT,
 * so a function has at most 25 slot keys + its sum. Samples whose key does not fit are counted in
 * timer_callback_seconds_overflow (the metric's [overflow] series). The exporter may resize the map
 * (max_entries).
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "histogram.bpf.h"
#include "percpu_maps.bpf.h"

/* Must match configs/timer-latency.yaml: bucket_min, bucket_max (the same bounds as the softirq
 * service histogram of softirq-latency, so the two compare bucket for bucket). Runs of up to
 * 2^MIN_SLOT ns (128 ns) share the first bucket; above 2^(MAX_SLOT-1) ns (1.07 s) only +Inf. */
#define MIN_SLOT 7
#define MAX_SLOT 31
#define SUM_SLOT (MAX_SLOT + 1)
/* 26 keys per function at most, 5-10 in practice (run times of one callback spread over a few
 * powers of two): 8192 keys hold several hundred distinct callbacks. */
#define MAX_ENTRIES 8192

/* Must match the kind label's static_map in configs/timer-latency.yaml. */
enum callback_kind {
    KIND_TIMER = 0,
    KIND_HRTIMER = 1,
};

/* Where a callback runs; one per-CPU slot each. */
enum callback_context {
    CTX_TIMER_SOFTIRQ = 0,
    CTX_HRTIMER_SOFT = 1,
    CTX_HRTIMER_HARD = 2,
    NR_CONTEXTS = 3,
};

struct running {
    u64 timer; /* the timer_list / hrtimer of the callback in progress, 0 if none */
    u64 function;
    u64 start;
};

struct callback_slot {
    u32 kind;
    u32 pad;
    u64 function;
    u64 slot;
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, MAX_ENTRIES);
    __type(key, struct callback_slot);
    __type(value, u64);
} timer_callback_seconds SEC(".maps");

METRIC_OVERFLOW_MAP(timer_callback_seconds);

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, NR_CONTEXTS);
    __type(key, u32);
    __type(value, struct running);
} timer_running SEC(".maps");

static __always_inline void start(u32 context, const void *timer, void *function)
{
    struct running *run = bpf_map_lookup_elem(&timer_running, &context);

    if (!run)
        return;
    run->timer = (u64)timer;
    run->function = (u64)function;
    run->start = bpf_ktime_get_ns();
}

/* Observes the run in `context` if it is `timer`'s; returns 1 when it was. */
static __always_inline int finish(u32 context, u32 kind, const void *timer)
{
    struct running *run = bpf_map_lookup_elem(&timer_running, &context);
    u64 ns, slot;

    if (!run || !run->timer || run->timer != (u64)timer)
        return 0;
    ns = bpf_ktime_get_ns() - run->start;
    slot = exp2_slot(ns);
    struct callback_slot key = {
        .kind = kind,
        .function = run->function,
        .slot = slot < MIN_SLOT ? MIN_SLOT : slot > MAX_SLOT ? MAX_SLOT : slot,
    };
    run->timer = 0;
    increment_percpu_map(&timer_callback_seconds, &key, 1, &timer_callback_seconds_overflow);
    key.slot = SUM_SLOT;
    increment_percpu_map(&timer_callback_seconds, &key, ns, &timer_callback_seconds_overflow);
    return 1;
}

/* libbpf attaches programs in the order they appear here: exits before entries, so that no run
 * is stamped at an entry whose exit goes unseen. */
SEC("tp_btf/timer_expire_exit")
int BPF_PROG(timer_expire_exit, struct timer_list *timer)
{
    finish(CTX_TIMER_SOFTIRQ, KIND_TIMER, timer);
    return 0;
}

SEC("tp_btf/hrtimer_expire_exit")
int BPF_PROG(hrtimer_expire_exit, struct hrtimer *hrtimer)
{
    if (!finish(CTX_HRTIMER_HARD, KIND_HRTIMER, hrtimer))
        finish(CTX_HRTIMER_SOFT, KIND_HRTIMER, hrtimer);
    return 0;
}

SEC("tp_btf/timer_expire_entry")
int BPF_PROG(timer_expire_entry, struct timer_list *timer, unsigned long baseclk)
{
    start(CTX_TIMER_SOFTIRQ, timer, timer->function);
    return 0;
}

SEC("tp_btf/hrtimer_expire_entry")
int BPF_PROG(hrtimer_expire_entry, struct hrtimer *hrtimer, ktime_t *now)
{
    start(hrtimer->is_soft ? CTX_HRTIMER_SOFT : CTX_HRTIMER_HARD, hrtimer, hrtimer->function);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
