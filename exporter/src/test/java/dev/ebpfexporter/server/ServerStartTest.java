package dev.ebpfexporter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.web.WebSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Starting and stopping: what a failed bind says, and that nothing stays behind either way. */
class ServerStartTest {
    private static MetricsServer start(ListenAddress address) throws ServerStartException {
        return MetricsServer.start(address, "/metrics", "1.2.3", new PrometheusRegistry(), () -> null,
                WebSecurity.none(), false, Optional.empty());
    }

    @Test
    void portInUseLeavesNoThreadBehind() throws IOException {
        Set<Thread> before = httpThreads();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ListenAddress address = new ListenAddress("127.0.0.1", taken.getLocalPort());

            assertThatThrownBy(() -> start(address))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use"
                            + " — another exporter running? choose another port with --web.listen-address");
        }
        assertThat(httpThreads()).isSubsetOf(before);
    }

    @Test
    void addressOfNoLocalInterface() {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a host.
        assertThatThrownBy(() -> start(new ListenAddress("192.0.2.1", 9435)))
                .isInstanceOf(ServerStartException.class)
                .hasMessage("cannot listen on 192.0.2.1:9435: no interface of this host has that address;"
                        + " choose another with --web.listen-address");
    }

    @Test
    void unknownHost() {
        // .invalid never resolves (RFC 6761).
        assertThatThrownBy(() -> start(new ListenAddress("no-such-host.invalid", 9435)))
                .isInstanceOf(ServerStartException.class)
                .hasMessage("cannot listen on no-such-host.invalid:9435: unknown host;"
                        + " choose another with --web.listen-address");
    }

    @Test
    void closeReleasesThePort() throws Exception {
        MetricsServer server = start(new ListenAddress("127.0.0.1", 0));
        int port = server.address().port();

        server.close();

        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void listensOnEveryInterfaceWhenHostIsEmpty() throws Exception {
        try (MetricsServer server = start(new ListenAddress("", 0))) {
            assertThat(server.address().host()).isEmpty();
            assertThat(server.address().toString()).isEqualTo(":" + server.address().port());
        }
    }

    private static Set<Thread> httpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("http-"))
                .collect(Collectors.toSet());
    }
}
