/* Block I/O latency by disk and operation (libbpf-tools' `biolatency -D` as metrics), plus the time
 * requests wait in the I/O scheduler and the bytes completed.
 *
 * Hooks (tp_btf, no tracefs; the prototypes are the same on 6.1 ... 6.18):
 *   block_rq_insert(rq)                    a request enters the scheduler / dispatch queue: stamp
 *   block_rq_issue(rq)                     handed to the driver: queue time = issue - insert; stamp
 *   block_rq_complete(rq, error, nr_bytes) nr_bytes done: bytes counted; when the request is
 *                                          finished, latency = complete - issue
 *   block_rq_merge(rq)                     rq was merged into another request and is freed without
 *                                          completing: its stamp is dropped
 *
 * In-flight requests are keyed by the request's address in a preallocated hash (no allocation on
 * the hot path; a u64, not the pointer itself: 6.1's verifier forgets the pointer's type once its
 * stack slot is passed as a map key). A request issued without an insert (blk-mq issues straight
 * to the driver when there is no scheduler and the plug holds one queue) gets an issue stamp only
 * and adds no queue time. Stamps whose complete never comes do not pile up: requests are
 * preallocated per tag and reused, so the next insert or issue of the same request overwrites its
 * stamp; only a request freed with its disk while in flight leaves a stamp for good (at most the
 * requests in flight at each such removal). When the hash is full anyway (more than IN_FLIGHT
 * requests stamped at once), new requests go unstamped: they are not timed, their bytes still
 * count.
 *
 * A completion may cover part of a request (drivers can end a request in pieces); the tracepoint
 * fires before the request's remaining length (__data_len) is reduced, so the piece that finishes
 * it has nr_bytes >= __data_len. Bytes count on every piece, as /sys/block/<dev>/stat counts
 * sectors; latency is observed once, on the last piece. Bytes are counted whether or not the
 * request was stamped, so they are exact from attach on; a request in flight at attach is not
 * timed.
 *
 * The disk is rq->q->disk (the whole disk, partitions included), encoded as userspace dev_t of 32
 * bits (new_encode_dev) as ebpf_exporter's `majorminor` decoder expects; a request without a disk
 * (passthrough on a queue without one) gets 0. The operation is cmd_flags' REQ_OP bits. Fields are
 * read by following the tracepoint's typed pointer (no probe-read helper calls), at offsets CO-RE
 * relocates against the running kernel's BTF; rq->q->disk, cmd_flags and __data_len exist from
 * 6.1 on (rq->rq_disk, older, is not read).
 * Histograms and the byte counter are per-CPU hashes (no atomics; I/O completes on many CPUs) that
 * allocate a key's memory when it is first used (BPF_F_NO_PREALLOC: per-CPU memory for max_entries
 * keys times every CPU would be large on big machines); keys that do not fit are counted as
 * overflow.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "histogram.bpf.h"
#include "percpu_maps.bpf.h"

/* Must match configs/biolatency.yaml: bucket_min, bucket_max of both histograms. Latencies up to
 * 2^MIN_SLOT ns (1.02 us) share the first bucket, above 2^(MAX_SLOT-1) ns (34.4 s) only +Inf. */
#define MIN_SLOT 10
#define MAX_SLOT 36
#define SUM_SLOT (MAX_SLOT + 1)
/* 28 keys per (disk, operation) at most (slots 10..36 and the sum): ~290 pairs, ~100 disks doing
 * reads, writes and flushes; the exporter may resize (max_entries). */
#define HISTOGRAM_ENTRIES 8192
/* 5 operations per disk. */
#define BYTES_ENTRIES 2048
/* Requests stamped at once; as libbpf-tools' biolatency. */
#define IN_FLIGHT 10240

/* The operation label: configs/biolatency.yaml's static_map. */
enum operation_label {
    LABEL_READ = 0,
    LABEL_WRITE = 1,
    LABEL_FLUSH = 2,
    LABEL_DISCARD = 3,
    LABEL_OTHER = 4,
};

#define REQ_OP_BITS 8
#define REQ_OP_MASK ((1 << REQ_OP_BITS) - 1)

struct disk_op {
    u32 dev;
    u32 op;
};

struct disk_op_slot {
    u32 dev;
    u32 op;
    u64 slot;
};

struct stamps {
    u64 inserted; /* 0 once issued, or when issued without an insert */
    u64 issued; /* 0 until issued */
};

#define DISK_OP_HASH(name, key_type, entries)                                                      \
    struct {                                                                                       \
        __uint(type, BPF_MAP_TYPE_PERCPU_HASH);                                                    \
        __uint(map_flags, BPF_F_NO_PREALLOC);                                                      \
        __uint(max_entries, entries);                                                              \
        __type(key, key_type);                                                                     \
        __type(value, u64);                                                                        \
    } name SEC(".maps");                                                                           \
    METRIC_OVERFLOW_MAP(name)

DISK_OP_HASH(block_io_latency_seconds, struct disk_op_slot, HISTOGRAM_ENTRIES);
DISK_OP_HASH(block_io_queue_latency_seconds, struct disk_op_slot, HISTOGRAM_ENTRIES);
DISK_OP_HASH(block_io_bytes_total, struct disk_op, BYTES_ENTRIES);

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, IN_FLIGHT);
    __type(key, u64); /* the request's address */
    __type(value, struct stamps);
} block_rq_in_flight SEC(".maps");

/* new_encode_dev(): what the majorminor decoder (and userspace's major()/minor()) decode. */
static __always_inline u32 encode_dev(u32 major, u32 minor)
{
    return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

static __always_inline struct disk_op disk_op_of(struct request *rq)
{
    struct gendisk *disk = rq->q->disk;
    u32 op = rq->cmd_flags & REQ_OP_MASK;
    struct disk_op key = {};

    if (disk)
        key.dev = encode_dev(disk->major, disk->first_minor);
    switch (op) {
    case REQ_OP_READ: key.op = LABEL_READ; break;
    case REQ_OP_WRITE: key.op = LABEL_WRITE; break;
    case REQ_OP_FLUSH: key.op = LABEL_FLUSH; break;
    case REQ_OP_DISCARD: key.op = LABEL_DISCARD; break;
    default: key.op = LABEL_OTHER;
    }
    return key;
}

static __always_inline void observe(void *histogram, void *overflow, struct disk_op at, u64 ns)
{
    u64 slot = exp2_slot(ns);
    struct disk_op_slot key = {
        .dev = at.dev,
        .op = at.op,
        .slot = slot < MIN_SLOT ? MIN_SLOT : slot > MAX_SLOT ? MAX_SLOT : slot,
    };

    increment_percpu_map(histogram, &key, 1, overflow);
    key.slot = SUM_SLOT;
    increment_percpu_map(histogram, &key, ns, overflow);
}

/* libbpf attaches in this order: complete before issue before insert, so that no request is
 * stamped whose completion the program cannot see yet. */
SEC("tp_btf/block_rq_complete")
int BPF_PROG(block_rq_complete, struct request *rq, blk_status_t error, unsigned int nr_bytes)
{
    struct disk_op at = disk_op_of(rq);
    u64 key = (u64)rq, issued;
    struct stamps *stamps;

    increment_percpu_map(&block_io_bytes_total, &at, nr_bytes, &block_io_bytes_total_overflow);
    if (nr_bytes < rq->__data_len)
        return 0; /* a piece: the request goes on */
    stamps = bpf_map_lookup_elem(&block_rq_in_flight, &key);
    if (!stamps)
        return 0;
    issued = stamps->issued;
    bpf_map_delete_elem(&block_rq_in_flight, &key);
    if (issued)
        observe(&block_io_latency_seconds, &block_io_latency_seconds_overflow, at,
                bpf_ktime_get_ns() - issued);
    return 0;
}

SEC("tp_btf/block_rq_issue")
int BPF_PROG(block_rq_issue, struct request *rq)
{
    u64 key = (u64)rq, now = bpf_ktime_get_ns();
    struct stamps *stamps = bpf_map_lookup_elem(&block_rq_in_flight, &key), fresh = {};

    if (!stamps) {
        fresh.issued = now;
        bpf_map_update_elem(&block_rq_in_flight, &key, &fresh, BPF_ANY);
        return 0;
    }
    if (stamps->inserted) {
        observe(&block_io_queue_latency_seconds, &block_io_queue_latency_seconds_overflow,
                disk_op_of(rq), now - stamps->inserted);
        stamps->inserted = 0;
    }
    stamps->issued = now; /* a requeued request is timed from its last issue */
    return 0;
}

SEC("tp_btf/block_rq_insert")
int BPF_PROG(block_rq_insert, struct request *rq)
{
    struct stamps fresh = { .inserted = bpf_ktime_get_ns() };
    u64 key = (u64)rq;

    bpf_map_update_elem(&block_rq_in_flight, &key, &fresh, BPF_ANY);
    return 0;
}

SEC("tp_btf/block_rq_merge")
int BPF_PROG(block_rq_merge, struct request *rq)
{
    u64 key = (u64)rq;

    bpf_map_delete_elem(&block_rq_in_flight, &key);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
