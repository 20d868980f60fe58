package dev.ebpfexporter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.metrics.DrainStatus;
import dev.ebpfexporter.testing.TestPki;
import dev.ebpfexporter.testing.TestPki.KeyForm;
import dev.ebpfexporter.testing.TestPki.KeyType;
import dev.ebpfexporter.testing.TestTls;
import dev.ebpfexporter.web.BasicAuth;
import dev.ebpfexporter.web.ClientAuth;
import dev.ebpfexporter.web.TlsConfig;
import dev.ebpfexporter.web.TlsCredentials;
import dev.ebpfexporter.web.TlsVersion;
import dev.ebpfexporter.web.WebSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server with a web config's settings: basic auth, headers, TLS and its client-certificate modes, rotation, debug. */
class SecuredServerTest {
    private static final ListenAddress LOOPBACK_ANY_PORT = new ListenAddress("127.0.0.1", 0);
    private static final Map<String, String> HEADERS = Map.of("X-Frame-Options", "deny");

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static TestPki.Leaf serverLeaf;
    private static TestPki.Leaf clientLeaf;
    private static TestPki strangers;
    private static BasicAuth auth;

    private MetricsServer server;

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(dir, "exporters");
        serverLeaf = pki.server("server", KeyType.RSA, KeyForm.PKCS1);
        clientLeaf = pki.client("prometheus");
        strangers = TestPki.create(dir, "strangers");
        auth = new BasicAuth(Map.of("prometheus", OpenBSDBCrypt.generate("2y",
                "scrape".getBytes(StandardCharsets.UTF_8), new byte[16], 4)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(WebSecurity security, boolean debug) throws Exception {
        server = MetricsServer.start(LOOPBACK_ANY_PORT, "/metrics", "1.2.3", new PrometheusRegistry(),
                () -> new ExporterStatus(false, List.of(), DrainStatus.none(), Duration.ofSeconds(5), false), security,
                debug, Optional.empty());
    }

    private static WebSecurity tls(TlsConfig config) throws Exception {
        return new WebSecurity(Optional.of(new WebSecurity.Tls(config, TlsCredentials.load(config))), Optional.empty(),
                Map.of());
    }

    private static TlsConfig clientAuth(ClientAuth mode) {
        return new TlsConfig(serverLeaf.cert(), serverLeaf.key(), mode,
                mode.verifies() ? Optional.of(pki.ca()) : Optional.empty(), TlsVersion.TLS12, TlsVersion.TLS13, List.of());
    }

    private HttpResponse<String> get(HttpClient client, String scheme, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(scheme + "://127.0.0.1:" + server.address().port() + path)).timeout(Duration.ofSeconds(10));
        return client.send((headers.length == 0 ? request : request.headers(headers)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getPlain(String path, String... headers) throws Exception {
        return get(HttpClient.newHttpClient(), "http", path, headers);
    }

    private HttpResponse<String> getTls(Optional<TestPki.Leaf> client, String path) throws Exception {
        SSLContext context = TestTls.clientContext(pki.ca(), client);
        return get(HttpClient.newBuilder().sslContext(context).build(), "https", path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAuthGuardsEveryPathWithAChallenge() throws Exception {
        start(new WebSecurity(Optional.empty(), Optional.of(auth), HEADERS), true);

        for (String path : List.of("/metrics", "/", "/debug/threads", "/no/such/path")) {
            HttpResponse<String> response = getPlain(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"ebpf-exporter\"");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("deny");
        }
        assertThat(getPlain("/metrics", "Authorization", basic("prometheus", "wrong")).statusCode()).isEqualTo(401);
        assertThat(getPlain("/metrics", "Authorization", basic("nobody", "scrape")).statusCode()).isEqualTo(401);
        assertThat(getPlain("/metrics", "Authorization", "Basic not-base64!").statusCode()).isEqualTo(401);
        assertThat(getPlain("/metrics", "Authorization", "Bearer " + basic("prometheus", "scrape").substring(6))
                .statusCode()).isEqualTo(401);

        HttpResponse<String> authorized = getPlain("/metrics", "Authorization", basic("prometheus", "scrape"));
        assertThat(authorized.statusCode()).isEqualTo(200);
        assertThat(authorized.headers().firstValue("X-Frame-Options")).hasValue("deny");
        assertThat(getPlain("/no/such/path", "Authorization", basic("prometheus", "scrape")).statusCode()).isEqualTo(404);
    }

    @Test
    void threadDumpWithDebug() throws Exception {
        start(WebSecurity.none(), true);

        HttpResponse<String> response = getPlain("/debug/threads");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(response.body()).contains("\"main\" #1 ").containsPattern("\"http-\\d+\" #\\d+ RUNNABLE\n")
                .containsPattern("\tat \\S*dev.ebpfexporter.server.ThreadDump.render\\(ThreadDump.java:\\d+\\)\n");
    }

    @Test
    void servesTlsWithTheConfiguredCertificate() throws Exception {
        start(tls(TestTls.serverConfig(serverLeaf)), false);

        assertThat(getTls(Optional.empty(), "/metrics").statusCode()).isEqualTo(200);
        assertThat(peerCertificate(null).getSubjectX500Principal().getName()).isEqualTo("CN=server");
        assertThatThrownBy(() -> getPlain("/metrics")).isInstanceOf(IOException.class);
    }

    @Test
    void requireAndVerifyClientCertAcceptsOnlyClientsOfTheCa() throws Exception {
        start(tls(clientAuth(ClientAuth.RequireAndVerifyClientCert)), false);

        assertThat(getTls(Optional.of(clientLeaf), "/metrics").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> getTls(Optional.empty(), "/metrics")).isInstanceOf(IOException.class);
        TestPki.Leaf stranger = strangers.client("stranger");
        assertThatThrownBy(() -> getTls(Optional.of(stranger), "/metrics")).isInstanceOf(IOException.class);
    }

    @Test
    void verifyClientCertIfGivenLetsClientsWithoutOneIn() throws Exception {
        start(tls(clientAuth(ClientAuth.VerifyClientCertIfGiven)), false);

        assertThat(getTls(Optional.empty(), "/metrics").statusCode()).isEqualTo(200);
        assertThat(getTls(Optional.of(clientLeaf), "/metrics").statusCode()).isEqualTo(200);
        TestPki.Leaf stranger = strangers.client("stranger-if-given");
        assertThatThrownBy(() -> getTls(Optional.of(stranger), "/metrics")).isInstanceOf(IOException.class);
    }

    @Test
    void requireAnyClientCertTakesAnyCertificateButNotNone() throws Exception {
        start(tls(clientAuth(ClientAuth.RequireAnyClientCert)), false);

        assertThat(getTls(Optional.of(strangers.client("anyone")), "/metrics").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> getTls(Optional.empty(), "/metrics")).isInstanceOf(IOException.class);
    }

    @Test
    void versionAndCipherSuiteLimitsHold() throws Exception {
        String suite = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        start(tls(new TlsConfig(serverLeaf.cert(), serverLeaf.key(), ClientAuth.NoClientCert, Optional.empty(),
                TlsVersion.TLS12, TlsVersion.TLS12, List.of(suite))), false);

        try (SSLSocket socket = handshake(null)) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(socket.getSession().getCipherSuite()).isEqualTo(suite);
        }
        SSLParameters tls13Only = new SSLParameters();
        tls13Only.setProtocols(new String[] {"TLSv1.3"});
        assertThatThrownBy(() -> handshake(tls13Only).close()).isInstanceOf(SSLHandshakeException.class);
        SSLParameters otherSuite = new SSLParameters();
        otherSuite.setProtocols(new String[] {"TLSv1.2"});
        otherSuite.setCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"});
        assertThatThrownBy(() -> handshake(otherSuite).close()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aRotatedCertificateIsServedWithoutRestart() throws Exception {
        Path cert = dir.resolve("rotating.pem");
        Path key = dir.resolve("rotating.key");
        install(serverLeaf, cert, key);
        start(tls(TestTls.serverConfig(new TestPki.Leaf(cert, key))), false);
        assertThat(peerCertificate(null).getSubjectX500Principal().getName()).isEqualTo("CN=server");

        // Half a rotation first: a key that does not fit the certificate is not taken.
        TestPki.Leaf next = pki.server("next", KeyType.EC, KeyForm.SEC1);
        Files.copy(next.key(), key, StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(3 * TlsConnection.RELOAD_INTERVAL.toMillis());
        assertThat(getTls(Optional.empty(), "/metrics").statusCode()).isEqualTo(200);
        assertThat(peerCertificate(null).getSubjectX500Principal().getName()).isEqualTo("CN=server");

        Files.copy(next.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!peerCertificate(null).getSubjectX500Principal().getName().equals("CN=next")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(peerCertificate(null).getSubjectX500Principal().getName()).isEqualTo("CN=next");
        assertThat(getTls(Optional.empty(), "/metrics").statusCode()).isEqualTo(200);
    }

    private static void install(TestPki.Leaf leaf, Path cert, Path key) throws IOException {
        Files.copy(leaf.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(leaf.key(), key, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A completed handshake on a new connection, trusting the test CA. */
    private SSLSocket handshake(SSLParameters parameters) throws Exception {
        SSLSocket socket = (SSLSocket) TestTls.clientContext(pki.ca(), Optional.empty()).getSocketFactory()
                .createSocket("127.0.0.1", server.address().port());
        if (parameters != null) {
            socket.setSSLParameters(parameters);
        }
        socket.setSoTimeout(10_000);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    private X509Certificate peerCertificate(SSLParameters parameters) throws Exception {
        try (SSLSocket socket = handshake(parameters)) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
