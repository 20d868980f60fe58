package dev.ebpfexporter.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.metrics.DrainStatus;
import dev.ebpfexporter.web.WebSecurity;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP on 127.0.0.1 with a kernel-chosen port, against a registry of fixed snapshots. */
class MetricsServerTest {
    private static final ListenAddress LOOPBACK_ANY_PORT = new ListenAddress("127.0.0.1", 0);
    private static final String TEXT = """
            # HELP demo_events_total Events seen.
            # TYPE demo_events_total counter
            demo_events_total{kind="read"} 3.0
            demo_events_total{kind="write"} 5.0
            # HELP demo_temperature Degrees.
            # TYPE demo_temperature gauge
            demo_temperature 21.5
            """;
    private static final String OPEN_METRICS = """
            # TYPE demo_events counter
            # HELP demo_events Events seen.
            demo_events_total{kind="read"} 3.0
            demo_events_total{kind="write"} 5.0
            # TYPE demo_temperature gauge
            # HELP demo_temperature Degrees.
            demo_temperature 21.5
            # EOF
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<RuntimeException> collectorFailure = new AtomicReference<>();
    private final List<ConfigStatus> statuses = List.of(
            ConfigStatus.loaded("runqlat", "configs/runqlat.yaml", List.of("handle_sched_wakeup", "handle_sched_switch")),
            ConfigStatus.failed("<b>bad</b>", "configs/<b>bad</b>.yaml", "bpf_object__load(bad.bpf.o): EPERM & \"more\""));
    private MetricsServer server;

    @BeforeEach
    void start() throws ServerStartException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new MultiCollector() {
            @Override
            public MetricSnapshots collect() {
                if (collectorFailure.get() != null) {
                    throw collectorFailure.get();
                }
                return new MetricSnapshots(
                        CounterSnapshot.builder().name("demo_events").help("Events seen.")
                                .dataPoint(counter("read", 3)).dataPoint(counter("write", 5)).build(),
                        GaugeSnapshot.builder().name("demo_temperature").help("Degrees.")
                                .dataPoint(GaugeDataPointSnapshot.builder().value(21.5).build()).build());
            }
        });
        server = MetricsServer.start(LOOPBACK_ANY_PORT, "/metrics", "1.2.3", registry,
                () -> new ExporterStatus(false, statuses, DrainStatus.none(), Duration.ofSeconds(5), false),
                WebSecurity.none(), false, Optional.empty());
    }

    private static CounterDataPointSnapshot counter(String kind, double value) {
        return CounterDataPointSnapshot.builder().labels(Labels.of("kind", kind)).value(value).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void reportsTheBoundPort() {
        assertThat(server.address().host()).isEqualTo("127.0.0.1");
        assertThat(server.address().port()).isBetween(1, 65535);
    }

    @Test
    void servesPrometheusTextByDefault() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(TEXT);
    }

    @Test
    void servesOpenMetricsWhenAccepted() throws Exception {
        HttpResponse<String> response = get("/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body()).isEqualTo(OPEN_METRICS).endsWith("# EOF\n");
    }

    @Test
    void servesProtobufWhenAccepted() throws Exception {
        HttpResponse<byte[]> response = getBytes("/metrics?name[]=demo_temperature", "Accept",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
                        + "text/plain;version=0.0.4;q=0.3");

        assertThat(response.headers().firstValue("Content-Type")).hasValue(
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");
        byte[] body = response.body();
        // One length-delimited MetricFamily: a one-byte varint length, then exactly that many bytes.
        assertThat(body[0]).isEqualTo((byte) (body.length - 1));
        assertThat(new String(body, UTF_8)).contains("demo_temperature").doesNotContain("demo_events");
    }

    @Test
    void gzipsWhenAccepted() throws Exception {
        HttpResponse<byte[]> response = getBytes("/metrics", "Accept-Encoding", "deflate, gzip");

        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(gunzip(response.body())).isEqualTo(TEXT);
    }

    @Test
    void doesNotGzipWhenRefused() throws Exception {
        HttpResponse<String> response = get("/metrics", "Accept-Encoding", "gzip;q=0, identity");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(TEXT);
    }

    @Test
    void answersGzipWithAQualityUncompressed() throws Exception {
        // client_java's handler reads no q-values: only a plain "gzip" (what Prometheus and curl
        // send) is compressed. Answering uncompressed is always allowed (RFC 9110 §12.5.3).
        HttpResponse<String> response = get("/metrics", "Accept-Encoding", "gzip;q=0.8");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(TEXT);
    }

    @Test
    void answersHeadWithTheHeadersOfGet() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().port() + "/metrics"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(TEXT.length()));
        assertThat(response.body()).isEmpty();
    }

    @Test
    void debugTextIsReadableWhateverTheAcceptHeader() throws Exception {
        HttpResponse<String> response = get("/metrics?debug=text", "Accept", "application/openmetrics-text;version=1.0.0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8"); // as Jetty writes it
        assertThat(response.body()).isEqualTo(TEXT);
    }

    @Test
    void debugOpenMetricsAndProtobufAreReadable() throws Exception {
        assertThat(get("/metrics?debug=openmetrics").body()).isEqualTo(OPEN_METRICS);
        assertThat(get("/metrics?debug=prometheus-protobuf&name[]=demo_temperature").body())
                .contains("name: \"demo_temperature\"").contains("value: 21.5").doesNotContain("demo_events");
    }

    @Test
    void unknownDebugFormatIsAnError() throws Exception {
        HttpResponse<String> response = get("/metrics?debug=yaml");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).startsWith("debug=yaml: Unsupported query parameter.");
    }

    @Test
    void filtersByName() throws Exception {
        HttpResponse<String> response = get("/metrics?name[]=demo_temperature");

        assertThat(response.body()).isEqualTo("""
                # HELP demo_temperature Degrees.
                # TYPE demo_temperature gauge
                demo_temperature 21.5
                """);
        assertThat(get("/metrics?name[]=demo_temperature&name[]=demo_events").body()).isEqualTo(TEXT);
        assertThat(get("/metrics?name[]=nothing").body()).isEmpty();
    }

    @Test
    void answers500WhenACollectorFails() throws Exception {
        collectorFailure.set(new IllegalStateException("map vanished"));

        HttpResponse<String> response = get("/metrics", "Accept-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo("internal error: java.lang.IllegalStateException: map vanished\n");
        collectorFailure.set(null);
        assertThat(get("/metrics").statusCode()).isEqualTo(200); // the server lives on
    }

    @Test
    void landingPageIsTheStatusPage() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(response.body())
                .contains("<title>ebpf-exporter</title>")
                .contains("<tr><td>runqlat</td><td>configs/runqlat.yaml</td><td>loaded</td>"
                        + "<td class=\"list\">handle_sched_wakeup, handle_sched_switch</td></tr>")
                .contains("No drain yet.");
    }

    @Test
    void otherPathsAre404() throws Exception {
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/more").statusCode()).isEqualTo(404);
    }

    @Test
    void debugEndpointsAre404WithoutDebug() throws Exception {
        assertThat(get("/debug/threads").statusCode()).isEqualTo(404);
    }

    @Test
    void servesConcurrentScrapes() {
        // More scrapes at once than the pool has threads: the rest wait in the queue, none fails.
        List<CompletableFuture<HttpResponse<String>>> scrapes = IntStream.range(0, 24)
                .mapToObj(i -> http.sendAsync(request("/metrics"), HttpResponse.BodyHandlers.ofString()))
                .toList();

        for (CompletableFuture<HttpResponse<String>> scrape : scrapes) {
            HttpResponse<String> response = scrape.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(TEXT);
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return http.send(request(path, headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String path, String... headers) throws IOException, InterruptedException {
        return http.send(request(path, headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().port() + path.replace("[]", "%5B%5D")));
        return (headers.length == 0 ? request : request.headers(headers)).build();
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
