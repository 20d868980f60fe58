package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Hostile and crowded clients against the real daemon: connections that connect and send nothing
 * are capped (file descriptors and threads stay bounded) and closed when idle, and 500
 * concurrent scrapes are all served, those beyond the cap waiting in the accept queue.
 */
@KernelTest
class HttpLimitsIT {
    /** MetricsServer.MAX_CONNECTIONS, plus the daemon's own changing fds (BPF objects are open already). */
    private static final int MAX_CONNECTIONS = 128;
    private static final int FD_MARGIN = 16;
    /** The HTTP pool's maximum (MetricsServer.MAX_THREADS) is all the threads connections may add. */
    private static final int THREAD_MARGIN = 8;
    private static final int HELD = 600;
    private static final int SCRAPES = 500;

    @Test
    void idleConnectionsAreCappedAndTheDaemonServesOnceTheyGo() throws Exception {
        try (ExporterProcess exporter = start("http-held")) {
            long fdsBefore = ProcFiles.openFds(exporter.pid());
            long threadsBefore = ProcFiles.status(exporter.pid(), "Threads");
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < HELD; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", exporter.port()), 2000);
                    held.add(socket);
                }
                Thread.sleep(1000); // the acceptor takes what the cap allows
                assertThat(ProcFiles.openFds(exporter.pid())).as("exporter fds with %d connections held (before: %d)",
                        HELD, fdsBefore).isLessThanOrEqualTo(fdsBefore + MAX_CONNECTIONS + FD_MARGIN);
                assertThat(ProcFiles.status(exporter.pid(), "Threads")).as("exporter threads (before: %d)", threadsBefore)
                        .isLessThanOrEqualTo(threadsBefore + THREAD_MARGIN);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            assertThat(exporter.scrapeText()).contains("ebpf_exporter_drains_total");
        }
    }

    @Test
    void fiveHundredConcurrentScrapesAreAllServed() throws Exception {
        try (ExporterProcess exporter = start("http-concurrent")) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics"))
                    .timeout(Duration.ofSeconds(60)).build();
            List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
            for (int i = 0; i < SCRAPES; i++) {
                scrapes.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            long served = 0;
            for (CompletableFuture<HttpResponse<String>> scrape : scrapes) {
                HttpResponse<String> response = scrape.get();
                if (response.statusCode() == 200 && response.body().contains("ebpf_exporter_drains_total")) {
                    served++;
                }
            }
            assertThat(served).as("scrapes answered 200 with the metrics, of %d concurrent", SCRAPES).isEqualTo(SCRAPES);
            assertThat(exporter.scrapeText()).contains("ebpf_exporter_drains_total");
        }
    }

    private static ExporterProcess start(String name) throws Exception {
        return ExporterProcess.start(name, "--config.names", "page-faults").awaitReady();
    }

}
