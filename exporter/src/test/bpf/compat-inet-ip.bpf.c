/* Compatibility case "inet-ip": an IPv4 and an IPv6 address (network byte order) in one key, each
 * decoded by inet_ip. Per driver call: (127.0.0.1, ::1) += 1, (10.1.2.3, 2001:db8:0:1::2a) += 2. */
#include "compat.bpf.h"

struct inet_ip_key {
    u8 v4[4];
    u8 v6[16];
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 8);
    __type(key, struct inet_ip_key);
    __type(value, u64);
} compat_inet_ip_total SEC(".maps");

METRIC_OVERFLOW_MAP(compat_inet_ip_total);

SEC("tp_btf/sys_enter")
int BPF_PROG(compat_inet_ip, struct pt_regs *regs, long id)
{
    struct inet_ip_key loopback = { .v4 = { 127, 0, 0, 1 }, .v6 = { [15] = 1 } };
    struct inet_ip_key other = {
        .v4 = { 10, 1, 2, 3 },
        .v6 = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x2a },
    };

    if (!compat_driver_call(id))
        return 0;
    increment_map(&compat_inet_ip_total, &loopback, 1, &compat_inet_ip_total_overflow);
    increment_map(&compat_inet_ip_total, &other, 2, &compat_inet_ip_total_overflow);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
