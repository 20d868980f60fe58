/* Test program for SEC("xdp/IFNAME") (XdpIT): counts the IPv4 packets arriving on interface
 * ebpfx-xdp0 by protocol and, for UDP and TCP, destination port, in the shape of ebpf_exporter's
 * xdp example config. Every packet passes. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "maps.bpf.h"

#define ETH_P_IP 0x0800

struct packet_key {
    u16 eth_type;
    u16 proto;
    u16 port;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 256);
    __type(key, struct packet_key);
    __type(value, u64);
} xdp_incoming_packets_total SEC(".maps");

METRIC_OVERFLOW_MAP(xdp_incoming_packets_total);

SEC("xdp/ebpfx-xdp0")
int count_packets(struct xdp_md *ctx)
{
    void *data = (void *) (long) ctx->data;
    void *data_end = (void *) (long) ctx->data_end;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *) (eth + 1);
    struct packet_key key = {};

    if ((void *) (ip + 1) > data_end)
        return XDP_PASS;
    key.eth_type = bpf_ntohs(eth->h_proto);
    if (eth->h_proto == bpf_htons(ETH_P_IP)) {
        /* Ports sit right after a header without options (ihl 5), as the test's datagrams have. */
        struct udphdr *l4 = (void *) (ip + 1);

        key.proto = ip->protocol;
        if ((ip->protocol == IPPROTO_UDP || ip->protocol == IPPROTO_TCP) && ip->ihl == 5
            && (void *) (l4 + 1) <= data_end)
            key.port = bpf_ntohs(l4->dest);
    }
    increment_map(&xdp_incoming_packets_total, &key, 1, &xdp_incoming_packets_total_overflow);
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
