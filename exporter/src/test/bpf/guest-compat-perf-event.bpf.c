/* Guest compatibility case "perf-event": the software cpu-clock event (type=1, config=0) opened on
 * every CPU twice, sampled 500 times a second (frequency=) and every 2500000 ns of it (period=).
 * Each sample's sample_period is what the kernel runs the event at: cpu-clock turns a frequency
 * into the fixed period 10^9 / frequency ns when the event is opened, so 2000000 and 2500000. The
 * gauge holds it per sampling and CPU: one series per CPU each event was opened on (a guest has
 * two), whatever the number of samples: no driver call is needed. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>

enum sampling {
    SAMPLING_FREQUENCY = 0,
    SAMPLING_PERIOD = 1,
};

struct perf_event_key {
    u32 sampling;
    u32 cpu;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 128);
    __type(key, struct perf_event_key);
    __type(value, u64);
} compat_perf_event_period_nanoseconds SEC(".maps");

static __always_inline int record_period(struct bpf_perf_event_data *ctx, enum sampling sampling)
{
    struct perf_event_key key = { .sampling = sampling, .cpu = bpf_get_smp_processor_id() };
    u64 period = ctx->sample_period;

    bpf_map_update_elem(&compat_perf_event_period_nanoseconds, &key, &period, BPF_ANY);
    return 0;
}

SEC("perf_event/type=1,config=0,frequency=500")
int compat_perf_event_frequency(struct bpf_perf_event_data *ctx)
{
    return record_period(ctx, SAMPLING_FREQUENCY);
}

SEC("perf_event/type=1,config=0,period=2500000")
int compat_perf_event_period(struct bpf_perf_event_data *ctx)
{
    return record_period(ctx, SAMPLING_PERIOD);
}

char LICENSE[] SEC("license") = "GPL";
