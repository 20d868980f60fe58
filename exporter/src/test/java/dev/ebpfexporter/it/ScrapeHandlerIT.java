package dev.ebpfexporter.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scrape handler's query parameters and compression on the real daemon (the page-faults
 * config, its map filled by the kernel): what each answers is the plain text scrape's families,
 * no more, no fewer.
 */
@KernelTest
class ScrapeHandlerIT {
    private static final String PAGE_FAULTS = "ebpf_exporter_page_faults_total";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ExporterProcess exporter;

    @BeforeAll
    static void start() throws Exception {
        exporter = ExporterProcess.start("scrape-handler", "--config.names", "page-faults", "--drain.interval", "200ms").awaitReady();
        exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        exporter.close();
    }

    @Test
    void nameParametersLimitTheScrapeToThoseFamilies() throws Exception {
        HttpResponse<byte[]> response = get("/metrics?name%5B%5D=" + PAGE_FAULTS + "&name%5B%5D=process_open_fds");

        assertThat(response.statusCode()).isEqualTo(200);
        String body = new String(response.body(), UTF_8);
        assertThat(families(body)).containsExactly(PAGE_FAULTS, "process_open_fds");
        assertThat(Series.parseAll(body)).filteredOn(s -> s.name().equals(PAGE_FAULTS)).isNotEmpty();
    }

    @Test
    void debugTextServesTheTextFormatReadablyWhateverTheAcceptHeader() throws Exception {
        HttpResponse<byte[]> response = get("/metrics?debug=text", "Accept", "application/openmetrics-text;version=1.0.0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(families(new String(response.body(), UTF_8))).isEqualTo(families(exporter.scrapeText()));
    }

    @Test
    void gzipIsTheSameScrapeCompressed() throws Exception {
        HttpResponse<byte[]> response = get("/metrics", "Accept-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String text = gunzip(response.body());
        assertThat(families(text)).isEqualTo(families(exporter.scrapeText()));
        assertThat(response.body().length).isLessThan(text.length() / 3);
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + path));
        return HTTP.send((headers.length == 0 ? request : request.headers(headers)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The metric families a text exposition declares, by their TYPE lines. */
    private static Set<String> families(String text) {
        Set<String> names = new TreeSet<>();
        text.lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> names.add(l.split(" ")[2]));
        return names;
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
