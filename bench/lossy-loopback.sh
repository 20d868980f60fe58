#!/usr/bin/env bash
# A load that makes TCP retransmit, to measure tcp-retransmits' cost: CONNECTIONS transfers
# of BYTES over 127.0.0.1 and ::1 in a throwaway network namespace whose loopback (MTU 1500) drops
# DROP_PERCENT % of incoming TCP packets (nftables numgen; no netem needed), as TcpRetransmitsIT
# does. The namespace, and its rule with it, is deleted on exit.
#   bench/lossy-loopback.sh [DROP_PERCENT=5] [CONNECTIONS=8] [BYTES=4000000]
# with the exporter running --bpf.stats (docs/programs/tcp-retransmits.md, Cost).
# Needs root, nft (nftables), and the helper built by the tests (exporter/target/tcp-retransmit-load;
# built here with gcc when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
DROP_PERCENT=${1:-5}
CONNECTIONS=${2:-8}
BYTES=${3:-4000000}
helper=exporter/target/tcp-retransmit-load
[ -x "$helper" ] || gcc -O2 -Wall -Werror -o "$helper" exporter/src/test/c/tcp-retransmit-load.c
ns=bench-lossy-$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link set lo mtu 1500 up
inside() { nsenter --net="/run/netns/$ns" "$@"; }
inside nft add table inet lossy
inside nft add chain inet lossy input '{ type filter hook input priority 0; policy accept; }'
inside nft add rule inet lossy input meta l4proto tcp numgen random mod 100 '<' "$DROP_PERCENT" drop
for address in 127.0.0.1 ::1; do
  inside "$helper" "$address" "$CONNECTIONS" "$BYTES" > /dev/null
done
echo "RetransSegs in the namespace: $(inside awk '/^Tcp:/ {n++; if (n == 1) for (i = 1; i <= NF; i++) if ($i == "RetransSegs") c = i; if (n == 2) print $c}' /proc/net/snmp)" >&2
