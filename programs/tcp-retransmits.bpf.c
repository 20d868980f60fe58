/* TCP segments retransmitted, node-wide, by address family and TCP state: what the kernel's
 * RetransSegs (/proc/net/snmp, summed over every network namespace) counts, without
 * per-connection labels.
 *
 * Hooks, as tp_btf programs (no tracefs, no kprobes):
 * - tcp:tcp_retransmit_skb (sk, skb[, err]). Up to 6.16 it fires only after a retransmit that
 *   went out (err == 0); since 6.17 it has a third argument, err, and fires on failed attempts
 *   too. RetransSegs is incremented in __tcp_retransmit_skb by tcp_skb_pcount(skb) (a TSO/GSO
 *   skb carries several segments) just before the skb is handed to tcp_transmit_skb, so this
 *   program adds the skb's pcount (TCP_SKB_CB(skb)->tcp_gso_segs, unchanged by the transmit of a
 *   clone) and, where err exists, only when err == 0: the count means "segments the kernel
 *   retransmitted" on every kernel. It differs from RetransSegs only by retransmits the local
 *   stack failed to send after counting them (e.g. an OUTPUT netfilter drop, a full qdisc),
 *   which old kernels never traced.
 * - tcp:tcp_retransmit_synack (listener, req): tcp_rtx_synack adds one to RetransSegs for each
 *   SYN-ACK it resent and fires this right after; counted under the request's own state,
 *   new_syn_recv, and family.
 *
 * Which form of tcp_retransmit_skb the kernel has is a CO-RE question: the same change added
 * the err argument and the err field of its trace record (struct
 * trace_event_raw_tcp_retransmit_skb, which older kernels lack: they share the record of the
 * tcp_event_sk_skb class). Reading the third argument on a kernel that has two would be refused
 * by the verifier; under bpf_core_field_exists() that read is dead code there and never checked.
 *
 * Map: a per-CPU hash keyed by (family, state), not an array: the exporter cuts labels out of
 * the key's bytes, and a dense array index cannot hold two labels that way. The key space is
 * tiny (2 families x 12 states), so the map never fills (MAX_ENTRIES leaves room for states a
 * future kernel adds; a full map would still be counted as overflow), a key is inserted once
 * per CPU, and every later event is a lookup and a plain add on this CPU's copy.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "percpu_maps.bpf.h"

/* 2 families x the kernel's TCP states (12, plus TCP_BOUND_INACTIVE since 6.7, which does not
 * send), with room to spare; configs/tcp-retransmits.yaml maps family and state to names. */
#define MAX_ENTRIES 64

/* Must match configs/tcp-retransmits.yaml: family (2 bytes), state (1 byte), 1 byte padding. */
struct retransmit_key {
    u16 family; /* AF_INET (2) or AF_INET6 (10): the socket's, as the tracepoints report it */
    u8 state; /* TCP_ESTABLISHED (1) ... TCP_NEW_SYN_RECV (12) */
    u8 pad;
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, MAX_ENTRIES);
    __type(key, struct retransmit_key);
    __type(value, u64);
} tcp_retransmits_total SEC(".maps");

METRIC_OVERFLOW_MAP(tcp_retransmits_total);

/* The trace record of the tcp_retransmit_skb that takes err (6.17+); only its existence is used. */
struct trace_event_raw_tcp_retransmit_skb___err {
    int err;
} __attribute__((preserve_access_index));

static __always_inline void count(const struct sock_common *common, u64 segments)
{
    struct retransmit_key key = {
        .family = common->skc_family,
        .state = common->skc_state,
    };

    increment_percpu_map(&tcp_retransmits_total, &key, segments, &tcp_retransmits_total_overflow);
}

SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(tcp_retransmit_skb, const struct sock *sk, const struct sk_buff *skb)
{
    /* tcp_skb_pcount(skb): TCP_SKB_CB(skb)->tcp_gso_segs, read in place (skb->cb is a plain byte
     * array of a BTF-typed argument: a direct load, no probe-read helper call). */
    u16 segments = *(const u16 *)(skb->cb + bpf_core_field_offset(struct tcp_skb_cb, tcp_gso_segs));

    if (bpf_core_field_exists(struct trace_event_raw_tcp_retransmit_skb___err, err) && (int)ctx[2] != 0)
        return 0; /* a failed attempt: nothing left (6.16 and older do not fire for it) */
    count(&sk->__sk_common, segments);
    return 0;
}

SEC("tp_btf/tcp_retransmit_synack")
int BPF_PROG(tcp_retransmit_synack, const struct sock *listener, const struct request_sock *req)
{
    count(&req->__req_common, 1);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
