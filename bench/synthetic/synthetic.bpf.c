/* Scale benchmark object: metric maps with no program, filled from user space (bpftool), so the
 * exporter's drain and scrape can be measured at any number of series. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>

struct series_key {
    u32 id;
    u32 slot; /* histogram bucket slot; 0 for the counter */
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, u32);
    __type(value, u64);
} synthetic_events_total SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, struct series_key);
    __type(value, u64);
} synthetic_latency_seconds SEC(".maps");

char LICENSE[] SEC("license") = "GPL";
