package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.BpfTool;
import dev.ebpfexporter.testing.KernelTest;
import dev.ebpfexporter.testing.TestPki;
import dev.ebpfexporter.testing.TestPki.KeyForm;
import dev.ebpfexporter.testing.TestPki.KeyType;
import dev.ebpfexporter.testing.TestTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with {@code --web.config.file}, as users run it: certificates made by openssl, the
 * password hash by htpasswd (package apache2-utils), and real clients: curl, Java's HttpClient,
 * and Debian's Prometheus scraping over HTTPS with basic auth. One exporter serves TLS + basic
 * auth (EC key, SEC1 form); another demands verified client certificates (RSA key, PKCS#1 form).
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSecurityIT {
    private static final String USER = "prometheus";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String JOB = "ebpf-exporter-tls";
    private static final Set<String> OUR_PROGRAMS = Set.of("page_fault_user", "page_fault_kernel");
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private TestPki pki;
    private TestPki strangers;
    private ExporterProcess exporter;
    private ExporterProcess mutualTls;
    private PrometheusServer prometheus;

    @BeforeAll
    void startExporters() throws Exception {
        pki = TestPki.create(dir, "fleet");
        strangers = TestPki.create(dir, "strangers");
        pki.server("server", KeyType.EC, KeyForm.SEC1);
        pki.server("mtls-server", KeyType.RSA, KeyForm.PKCS1);
        pki.client("scraper");
        String hash = htpasswdHash();
        // Relative paths: resolved against the web config's directory, not the exporter's.
        Path web = Files.writeString(dir.resolve("web.yml"), """
                tls_server_config:
                  cert_file: server.pem
                  key_file: server.SEC1.key
                basic_auth_users:
                  %s: %s
                http_server_config:
                  headers:
                    X-Content-Type-Options: nosniff
                """.formatted(USER, hash));
        exporter = ExporterProcess.start("web-tls-basic-auth", "--config.names", "page-faults",
                "--web.config.file", web.toString()).awaitLogged("ready in");
        Path mtlsWeb = Files.writeString(dir.resolve("mtls-web.yml"), """
                tls_server_config:
                  cert_file: %s
                  key_file: %s
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: %s
                  min_version: TLS13
                """.formatted(dir.resolve("mtls-server.pem"), dir.resolve("mtls-server.PKCS1.key"), pki.ca()));
        mutualTls = ExporterProcess.start("web-mutual-tls", "--config.names", "page-faults",
                "--web.config.file", mtlsWeb.toString()).awaitLogged("ready in");
    }

    @AfterAll
    void stopEverything() {
        Closeables.closeAll(prometheus, mutualTls, exporter);
    }

    /** htpasswd -nbBC 10 prints {@code user:hash}; the web config wants the hash. */
    private static String htpasswdHash() throws Exception {
        Command htpasswd = Command.run("htpasswd", "-nbBC", "10", USER, PASSWORD);
        assertThat(htpasswd.exit()).as(htpasswd.output()).isZero();
        return htpasswd.output().strip().substring(USER.length() + 1);
    }

    private String url(ExporterProcess process, String scheme, String path) {
        return scheme + "://127.0.0.1:" + process.port() + path;
    }

    @Test
    void curlWithTheCaAndThePasswordGetsMetrics() throws Exception {
        Command curl = curl("--cacert", pki.ca().toString(), "-u", USER + ":" + PASSWORD,
                url(exporter, "https", "/metrics"));

        assertThat(curl.exit()).as(curl.output()).isZero();
        assertThat(curl.output()).endsWith("status=200").contains("ebpf_exporter_page_faults_total{");
    }

    @Test
    void aWrongPasswordIs401() throws Exception {
        Command curl = curl("--cacert", pki.ca().toString(), "-u", USER + ":wrong", url(exporter, "https", "/metrics"));

        assertThat(curl.output()).endsWith("status=401");
    }

    @Test
    void noCredentialsIs401WithAChallenge() throws Exception {
        Command curl = curl("--cacert", pki.ca().toString(), "-D", "-", url(exporter, "https", "/"));

        assertThat(curl.output()).endsWith("status=401")
                .containsIgnoringCase("WWW-Authenticate: Basic realm=\"ebpf-exporter\"")
                .containsIgnoringCase("X-Content-Type-Options: nosniff");
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() throws Exception {
        Command curl = curl("-u", USER + ":" + PASSWORD, url(exporter, "http", "/metrics"));

        assertThat(curl.exit()).as(curl.output()).isNotZero();
        assertThat(curl.output()).doesNotContain("ebpf_exporter_");
    }

    @Test
    void javaHttpClientTrustingTheCaWorks() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TestTls.clientContext(pki.ca(), Optional.empty())).build();
        String credentials = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(exporter, "https", "/metrics")))
                .header("Authorization", "Basic " + credentials).timeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("ebpf_exporter_page_faults_total{");
        // Repeat scrapes skip bcrypt: a keep-alive scrape of this small exposition takes milliseconds.
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
        System.out.printf("TLS + basic auth scrape, keep-alive: %.1f ms each%n", (System.nanoTime() - start) / 20 / 1e6);
    }

    @Test
    void clientCertificatesAreRequiredAndVerified() throws Exception {
        String metrics = url(mutualTls, "https", "/metrics");
        Command without = curl("--cacert", pki.ca().toString(), metrics);
        Command with = curl("--cacert", pki.ca().toString(), "--cert", dir.resolve("scraper.pem").toString(),
                "--key", dir.resolve("scraper.key").toString(), metrics);
        TestPki.Leaf stranger = strangers.client("stranger");
        Command foreign = curl("--cacert", pki.ca().toString(), "--cert", stranger.cert().toString(),
                "--key", stranger.key().toString(), metrics);
        Command tls12 = curl("--cacert", pki.ca().toString(), "--cert", dir.resolve("scraper.pem").toString(),
                "--key", dir.resolve("scraper.key").toString(), "--tls-max", "1.2", metrics);

        assertThat(without.exit()).as(without.output()).isNotZero();
        assertThat(without.output()).doesNotContain("ebpf_exporter_");
        assertThat(with.exit()).as(with.output()).isZero();
        assertThat(with.output()).endsWith("status=200").contains("ebpf_exporter_page_faults_total{");
        assertThat(foreign.exit()).as(foreign.output()).isNotZero();
        assertThat(tls12.exit()).as("min_version TLS13 refuses TLS 1.2: " + tls12.output()).isNotZero();
    }

    @Test
    void prometheusScrapesOverHttpsWithBasicAuth() throws Exception {
        prometheus = PrometheusServer.start(dir, JOB, List.of("127.0.0.1:" + exporter.port()), """
                    scheme: https
                    basic_auth:
                      username: %s
                      password: %s
                    tls_config:
                      ca_file: %s
                """.formatted(USER, PASSWORD, pki.ca())).awaitReady();
        String up = "up{job=\"" + JOB + "\"}";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<PrometheusSample> samples = prometheus.query(up);
        while ((samples.isEmpty() || samples.get(0).value() != 1.0) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            samples = prometheus.query(up);
        }

        assertThat(samples).as(prometheus.log()).singleElement().extracting(PrometheusSample::value).isEqualTo(1.0);
        assertThat(prometheus.query("sum(ebpf_exporter_page_faults_total{job=\"" + JOB + "\"})"))
                .singleElement().extracting(PrometheusSample::value).satisfies(v -> assertThat(v).isPositive());
    }

    @Test
    void aBadWebConfigStopsTheDaemonBeforeAnyProgramLoads() throws Exception {
        Path badHash = Files.writeString(dir.resolve("bad-hash.yml"), "basic_auth_users:\n  " + USER + ": " + PASSWORD + "\n");
        Path missingCert = Files.writeString(dir.resolve("missing-cert.yml"),
                "tls_server_config:\n  cert_file: absent.pem\n  key_file: server.SEC1.key\n");
        assertFailsNamingTheFile(badHash, "bad-hash.yml:2:3: basic_auth_users." + USER + " is not a bcrypt hash");
        assertFailsNamingTheFile(missingCert, "tls_server_config.cert_file " + dir.resolve("absent.pem")
                + " cannot be read (there is no such file)");
    }

    private void assertFailsNamingTheFile(Path webConfig, String message) throws Exception {
        List<String> before = BpfTool.ids("prog");
        String name = webConfig.getFileName().toString();
        try (ExporterProcess bad = ExporterProcess.start("web-" + name, "--config.names", "page-faults",
                "--web.config.file", webConfig.toString())) {
            assertThat(bad.awaitExit(EXIT_TIMEOUT)).as(bad.log()).isEqualTo(1);
            assertThat(bad.log()).contains("--web.config.file: " + webConfig.getParent()).contains(message)
                    .doesNotContain("loaded, attached").doesNotContain("\tat ");
        }
        assertThat(BpfTool.programsLeftSince(before, OUR_PROGRAMS)).as("programs left behind").isEmpty();
    }

    /** curl, its output ending in {@code status=<HTTP status>}; {@code exit} is curl's. */
    private static Command curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-w", "\\nstatus=%{http_code}"));
        command.addAll(List.of(args));
        return Command.run(command.toArray(String[]::new));
    }

    /** A finished command: its exit status and output (stdout and stderr together). */
    private record Command(int exit, String output) {
        static Command run(String... command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " hung");
            }
            return new Command(process.exitValue(), output);
        }
    }
}
