package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SEC("xdp/ebpfx-xdp0") program (src/test/bpf/xdp.bpf.c) is attached to that interface: the host
 * end of a veth pair whose other end lives in a fresh network namespace. A shell there sends a
 * known number of UDP datagrams across, and exactly that many are counted under their protocol and
 * port. ip link shows the program attached while the exporter runs and gone once it stopped.
 */
@KernelTest
class XdpIT {
    /** Fixed: the program's section names it. */
    private static final String HOST_END = "ebpfx-xdp0";
    private static final String PEER_END = "ebpfx-xdp1";
    private static final String HOST_IP = "10.213.0.1";
    private static final String PEER_IP = "10.213.0.2";
    private static final int DATAGRAMS = 50;
    private static final int PORT = 7777;

    @TempDir
    Path dir;

    @Test
    void everyPacketArrivingOnTheInterfaceIsCounted() throws Exception {
        TestConfigs.copyTest(dir, "xdp");
        String namespace = String.format("ebpfx-xdp-%06x", new Random().nextInt(1 << 24));
        deleteLeftoverLink();
        Commands.run(List.of("ip", "netns", "add", namespace));
        try {
            Commands.run(List.of("ip", "link", "add", HOST_END, "type", "veth", "peer", "name", PEER_END,
                    "netns", namespace));
            Commands.run(List.of("ip", "addr", "add", HOST_IP + "/30", "dev", HOST_END));
            Commands.run(List.of("ip", "link", "set", HOST_END, "up"));
            Commands.run(List.of("ip", "-n", namespace, "addr", "add", PEER_IP + "/30", "dev", PEER_END));
            Commands.run(List.of("ip", "-n", namespace, "link", "set", PEER_END, "up"));
            try (ExporterProcess exporter = ExporterProcess.start("xdp",
                    "--config.dir", dir.toString(), "--drain.interval", "100ms").awaitReady()) {
                assertThat(Commands.run(List.of("ip", "link", "show", "dev", HOST_END))).contains(" prog/xdp ");
                // Each redirection is a socket of its own sending one datagram.
                Commands.run(List.of("ip", "netns", "exec", namespace, "bash", "-c",
                        "for i in $(seq " + DATAGRAMS + "); do echo x > /dev/udp/" + HOST_IP + "/" + PORT + "; done"));
                List<Series> scrape = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
                assertThat(Series.sum(scrape, "ebpf_exporter_xdp_incoming_packets_total",
                        Map.of("ip", "ipv4", "protocol", "udp", "dst_port", Integer.toString(PORT))))
                        .isEqualTo(DATAGRAMS);
            }
            assertThat(Commands.run(List.of("ip", "link", "show", "dev", HOST_END))).doesNotContain(" prog/xdp ");
        } finally {
            deleteLeftoverLink();
            Commands.run(List.of("ip", "netns", "delete", namespace));
        }
    }

    /** Deleting one end of a veth pair deletes both; a killed run may have left the pair. */
    private static void deleteLeftoverLink() throws IOException, InterruptedException {
        if (Commands.run(List.of("ip", "-o", "link", "show")).contains(" " + HOST_END + "@")) {
            Commands.run(List.of("ip", "link", "delete", HOST_END));
        }
    }
}
