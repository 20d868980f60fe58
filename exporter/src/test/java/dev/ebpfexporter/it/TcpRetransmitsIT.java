package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcp-retransmits against the kernel's own count, {@code Tcp: RetransSegs} of /proc/net/snmp: TCP
 * transfers over 127.0.0.1, then over ::1 (unless IPv6 is disabled), in a fresh network namespace
 * whose loopback drops 5 % of incoming TCP packets ({@link LossyNamespace}), so data, FINs, SYNs
 * and SYN-ACKs are resent.
 *
 * <p>RetransSegs is counted per namespace, the program counts every namespace of the node, so the
 * comparison is a pair of bounds, each exact by construction, rather than a tolerance:
 * <ul>
 *   <li>lower: the family's counter rose by at least the namespace's RetransSegs. Both are counted
 *   for the same retransmits (the program adds the skb's segment count where the kernel adds it
 *   to RetransSegs, and counts each resent SYN-ACK), and the namespace is quiet at both ends of
 *   the window: no traffic before the transfers, and after them every socket that could still
 *   resend (an orphan in last_ack resending a lost FIN) is gone before the namespace is read, and
 *   the closing scrape shows a drain that began after that read. Loss on input keeps every
 *   transmit successful, so none is counted by RetransSegs alone (see {@link LossyNamespace}).
 *   <li>upper: whatever the counter rose by beyond that, over both families, is at most what
 *   every other namespace's RetransSegs rose by ({@link NodeRetransSegs}), read before the drain
 *   of the first scrape began and after the closing scrape: traffic elsewhere on the node may
 *   add, never subtract. A namespace that appears meanwhile starts at zero; one that disappears
 *   meanwhile would take its count with it (the failure message names it).
 * </ul>
 * With no other traffic on the node both bounds meet: the counter rises by exactly the namespace's
 * RetransSegs.
 */
@KernelTest
class TcpRetransmitsIT {
    private static final String RETRANSMITS = "ebpf_exporter_tcp_retransmits_total";
    private static final Set<String> STATES = Set.of("established", "syn_sent", "syn_recv", "fin_wait1",
            "fin_wait2", "time_wait", "close", "close_wait", "last_ack", "listen", "closing", "new_syn_recv");
    private static final int DROP_PERCENT = 5;
    private static final int CONNECTIONS = 8;
    private static final long BYTES = 4_000_000;
    /** 5 % of ≥ 8 × 4 MB in 1448-byte segments is about 1,400: far above this unless nothing was dropped. */
    private static final long MEANINGFUL = 100;
    private static final Duration DRAINS = Duration.ofSeconds(10);
    private static final TestHelper LOAD = new TestHelper("tcp-retransmit-load");

    @TempDir
    Path dir;

    @Test
    void countsWhatRetransSegsCountsByFamily() throws Exception {
        TestConfigs.copyShipped(dir, "tcp-retransmits");
        try (ExporterProcess exporter = ExporterProcess.start("tcp-retransmits", "--config.dir", dir.toString(),
                "--drain.interval", "100ms", "--bpf.stats").awaitReady();
                LossyNamespace namespace = LossyNamespace.create(DROP_PERCENT)) {
            compareOver(exporter.endpoint(), namespace, "ipv4", "127.0.0.1");
            if (namespace.hasIpv6Loopback()) {
                compareOver(exporter.endpoint(), namespace, "ipv6", "::1");
            } else {
                System.out.println("tcp-retransmits ipv6: not compared, " + namespace + " has no ::1 (IPv6 disabled)");
            }
        }
    }

    private static void compareOver(MetricsEndpoint endpoint, LossyNamespace namespace, String family, String address)
            throws Exception {
        Map<Long, Long> othersStart = NodeRetransSegs.byNamespace();
        List<Series> start = endpoint.scrapeAfterNextDrains(DRAINS);
        long namespaceStart = namespace.retransSegs();
        long failsStart = namespace.retransFails();
        namespace.run(Duration.ofMinutes(2), LOAD.binary().toString(), address, Integer.toString(CONNECTIONS),
                Long.toString(BYTES));
        namespace.awaitQuiet();
        long namespaceDelta = namespace.retransSegs() - namespaceStart;
        long failedDelta = namespace.retransFails() - failsStart;
        List<Series> end = endpoint.scrapeAfterNextDrains(DRAINS);
        Map<Long, Long> othersEnd = NodeRetransSegs.byNamespace();

        long ours = delta(start, end, Map.of("family", family));
        long oursAll = delta(start, end, Map.of());
        long others = NodeRetransSegs.deltaExcept(othersStart, othersEnd, namespace.inode());
        long events = delta(start, end, "ebpf_exporter_program_runs_total", Map.of("program", "tcp_retransmit_skb"))
                + delta(start, end, "ebpf_exporter_program_runs_total", Map.of("program", "tcp_retransmit_synack"));
        System.out.printf("tcp-retransmits %s: namespace RetransSegs +%d (TCPRetransFail +%d); exported family=%s +%d"
                + " (all families +%d, in %d tracepoint events); other namespaces' RetransSegs +%d; by state: %s%n",
                family, namespaceDelta, failedDelta, family, ours, oursAll, events, others,
                byState(start, end, family));

        assertThat(namespaceDelta).as("RetransSegs of %s: the drops made TCP retransmit", namespace)
                .isGreaterThanOrEqualTo(MEANINGFUL);
        // A failed map read keeps the last good values while drains go on counting: the end scrape
        // would then undercount without the program having missed anything.
        assertThat(delta(start, end, "ebpf_exporter_map_read_errors_total", Map.of()))
                .as("map reads that failed over the window (the end scrape may show older counts)").isZero();
        assertThat(ours).as("family=%s counter vs RetransSegs of %s (of which TCPRetransFail, counted but not sent,"
                + " which the program leaves out: +%d)", family, namespace, failedDelta)
                .isGreaterThanOrEqualTo(namespaceDelta);
        Set<Long> vanished = new HashSet<>(othersStart.keySet());
        vanished.removeAll(othersEnd.keySet());
        assertThat(oursAll - namespaceDelta)
                .as("counted beyond %s vs the other namespaces' RetransSegs (namespaces gone meanwhile: %s)",
                        namespace, vanished)
                .isLessThanOrEqualTo(others);
        assertThat(delta(start, end, Map.of("family", family, "state", "established")))
                .as("data segments resent in established").isPositive();
        for (Series series : end) {
            if (series.name().equals(RETRANSMITS)) {
                assertThat(series.labels().get("state")).as("state label of %s", series).isIn(STATES);
                assertThat(series.labels().get("family")).as("family label of %s", series).isIn("ipv4", "ipv6");
            }
        }
    }

    private static long delta(List<Series> start, List<Series> end, Map<String, String> labels) {
        return delta(start, end, RETRANSMITS, labels);
    }

    private static long delta(List<Series> start, List<Series> end, String name, Map<String, String> labels) {
        return Math.round(Series.sum(end, name, labels) - Series.sum(start, name, labels));
    }

    private static String byState(List<Series> start, List<Series> end, String family) {
        StringBuilder states = new StringBuilder();
        for (String state : STATES.stream().sorted().toList()) {
            long delta = delta(start, end, Map.of("family", family, "state", state));
            if (delta != 0) {
                states.append(states.length() == 0 ? "" : ", ").append(state).append(" +").append(delta);
            }
        }
        return states.toString();
    }
}
