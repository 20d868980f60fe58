package dev.ebpfexporter.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Debian's Prometheus server ({@code /usr/bin/prometheus}, package {@code prometheus}) as a child
 * process on a free loopback port, scraping one job every second, with its TSDB and log in a
 * directory of the test's. Closing it stops the process.
 */
final class PrometheusServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final LoggedProcess child;
    private final Process process;
    private final int port;

    private PrometheusServer(LoggedProcess child, int port) {
        this.child = child;
        this.process = child.process();
        this.port = port;
    }

    /** Starts Prometheus with a config scraping {@code targets} (host:port) as job {@code job}. */
    static PrometheusServer start(Path dir, String job, List<String> targets) throws IOException {
        return start(dir, job, targets, "");
    }

    /**
     * Like {@link #start(Path, String, List)}, the job also given {@code jobSettings}: YAML lines
     * of a scrape config ({@code scheme: https}, {@code basic_auth: ...}), each indented by four spaces.
     */
    static PrometheusServer start(Path dir, String job, List<String> targets, String jobSettings) throws IOException {
        return start(dir, job, targets, jobSettings, List.of());
    }

    /** Like {@link #start(Path, String, List, String)}, with extra command-line {@code flags}. */
    static PrometheusServer start(Path dir, String job, List<String> targets, String jobSettings, List<String> flags)
            throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, scrapeConfig(job, targets) + jobSettings);
        int port = ExporterProcess.freePort();
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port));
        command.addAll(flags);
        // SIGTERM first: Prometheus shuts down cleanly.
        return new PrometheusServer(LoggedProcess.start(command, dir.resolve("prometheus.log"), Duration.ofSeconds(10)),
                port);
    }

    private static String scrapeConfig(String job, List<String> targets) {
        String seconds = SCRAPE_INTERVAL.toSeconds() + "s";
        return """
                global:
                  scrape_interval: %s
                  scrape_timeout: %s
                  evaluation_interval: %s
                scrape_configs:
                  - job_name: %s
                    static_configs:
                      - targets: [%s]
                """.formatted(seconds, seconds, seconds, job,
                String.join(", ", targets.stream().map(t -> "'" + t + "'").toList()));
    }

    /** Waits until /-/ready answers 200, failing with the log if the process exits first. */
    PrometheusServer awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("prometheus not ready after " + READY_TIMEOUT + ":\n" + log());
    }

    /**
     * An instant query through /api/v1/query: the vector's samples, or an AssertionError carrying
     * Prometheus's own error (a parse error answers 400 with status "error").
     */
    List<PrometheusSample> query(String promql) throws IOException, InterruptedException {
        Map<String, Object> data = apiData("/api/v1/query?query=" + encode(promql), promql);
        if (!"vector".equals(data.get("resultType"))) {
            throw new AssertionError("expected a vector from " + promql + ", got " + data.get("resultType"));
        }
        return PrometheusSample.listOf(data.get("result"));
    }

    /** The values of {@code label} over the series matching {@code selector} (/api/v1/label/…/values). */
    List<String> labelValues(String label, String selector) throws IOException, InterruptedException {
        String path = "/api/v1/label/" + label + "/values?" + encode("match[]") + "=" + encode(selector);
        return stringList(apiAnswer(path, selector));
    }

    /** Every metric name Prometheus holds series for. */
    List<String> metricNames() throws IOException, InterruptedException {
        return stringList(apiAnswer("/api/v1/label/__name__/values", "__name__"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(Object data) {
        return List.copyOf((List<String>) data);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> apiData(String path, String what) throws IOException, InterruptedException {
        return (Map<String, Object>) apiAnswer(path, what);
    }

    /** The "data" of an API answer whose status is "success"; anything else fails with Prometheus's error. */
    private Object apiAnswer(String path, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        Map<String, Object> answer = parseJson(response.body());
        if (response.statusCode() != 200 || !"success".equals(answer.get("status"))) {
            throw new AssertionError("Prometheus refused " + what + ": HTTP " + response.statusCode() + " "
                    + answer.get("errorType") + ": " + answer.get("error"));
        }
        return answer.get("data");
    }

    /** JSON is a subset of YAML's flow syntax, and SnakeYAML is already on the classpath. */
    static Map<String, Object> parseJson(String json) {
        return new Yaml().load(json);
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    String log() {
        return child.log();
    }

    @Override
    public void close() {
        child.close();
    }
}
