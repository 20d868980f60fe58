package dev.ebpfexporter.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An exporter's HTTP side on a loopback port, wherever its process runs: a child of the test or a
 * daemon in a guest kernel whose port QEMU forwards to the host.
 */
final class MetricsEndpoint {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;

    MetricsEndpoint(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(10))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * True once /metrics serves a drain: every config is then loaded and attached (the server
     * answers first, while they load). False while nothing listens (or a forwarded port finds no
     * server) or no drain is published yet.
     */
    boolean answers() throws InterruptedException {
        try {
            HttpResponse<String> response = get("/metrics", "text/plain");
            return response.statusCode() == 200 && response.body().contains("ebpf_exporter_drains_total");
        } catch (IOException notYet) {
            return false;
        }
    }

    String scrapeText() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics", "text/plain");
        if (response.statusCode() != 200) {
            throw new AssertionError("scrape answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    List<Series> scrape() throws IOException, InterruptedException {
        return Series.parseAll(scrapeText());
    }

    /**
     * A scrape showing a drain that began after this call: the scrape shows the last finished drain
     * N, so drain N+2 began after N+1 finished, which was after that scrape.
     */
    List<Series> scrapeAfterNextDrains(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        double first = drains(scrape());
        while (true) {
            List<Series> now = scrape();
            if (drains(now) >= first + 2) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than two drains in " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /**
     * The first scrape that shows a drain newer than the one showing now, polled every 2 ms: what
     * it shows was read from the maps a few milliseconds before it returns, so a reading of the
     * kernel's own counters taken right after it brackets the same instant.
     */
    List<Series> scrapeRightAfterNextDrain() throws IOException, InterruptedException {
        double drains = drains(scrape());
        for (int i = 0; i < 1000; i++) {
            List<Series> now = scrape();
            if (drains(now) > drains) {
                return now;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no drain seen in 2 s");
    }

    static double drains(List<Series> scrape) {
        return Series.sum(scrape, "ebpf_exporter_drains_total", Map.of());
    }
}
