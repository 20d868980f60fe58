package dev.ebpfexporter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.metrics.DrainStatus;
import dev.ebpfexporter.web.BasicAuth;
import dev.ebpfexporter.web.WebSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST /-/reload as Prometheus answers it: off unless enabled, behind basic auth, the outcome as the status. */
class ReloadEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final AtomicInteger reloads = new AtomicInteger();
    private volatile Reloader.Result outcome = new Reloader.Result(true, "reloaded: 0 added, 1 changed, 0 removed, 2 unchanged");
    private MetricsServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private void start(WebSecurity security, boolean enabled) throws ServerStartException {
        Reloader reloader = () -> {
            reloads.incrementAndGet();
            return outcome;
        };
        server = MetricsServer.start(new ListenAddress("127.0.0.1", 0), "/metrics", "1.2.3", new PrometheusRegistry(),
                () -> new ExporterStatus(false, List.of(), DrainStatus.none(), Duration.ofSeconds(5), false), security,
                false, enabled ? Optional.of(reloader) : Optional.empty());
    }

    private HttpResponse<String> send(String method, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.address().port() + "/-/reload"))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void isForbiddenWithoutTheFlag() throws Exception {
        start(WebSecurity.none(), false);

        HttpResponse<String> response = send("POST");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("Lifecycle API is not enabled (start with --web.enable-lifecycle).\n");
        assertThat(reloads).hasValue(0);
    }

    @Test
    void reloadsOnPostOrPutAndAnswersWithTheOutcome() throws Exception {
        start(WebSecurity.none(), true);

        HttpResponse<String> post = send("POST");
        HttpResponse<String> put = send("PUT");
        outcome = new Reloader.Result(false, "reload failed for [a], the others are reloaded: a: broken");
        HttpResponse<String> failed = send("POST");

        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).isEqualTo("reloaded: 0 added, 1 changed, 0 removed, 2 unchanged\n");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("reload failed for [a], the others are reloaded: a: broken\n");
        assertThat(reloads).hasValue(3);
    }

    @Test
    void getIsNotAllowed() throws Exception {
        start(WebSecurity.none(), true);

        HttpResponse<String> response = send("GET");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST, PUT");
        assertThat(reloads).hasValue(0);
    }

    @Test
    void sitsBehindBasicAuth() throws Exception {
        BasicAuth auth = new BasicAuth(Map.of("prometheus", OpenBSDBCrypt.generate("2y",
                "scrape".getBytes(StandardCharsets.UTF_8), new byte[16], 4)));
        start(new WebSecurity(Optional.empty(), Optional.of(auth), Map.of()), true);
        String credentials = "Basic " + Base64.getEncoder().encodeToString(
                "prometheus:scrape".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> anonymous = send("POST");
        HttpResponse<String> authorized = send("POST", "Authorization", credentials);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(authorized.statusCode()).isEqualTo(200);
        assertThat(reloads).hasValue(1);
    }
}
