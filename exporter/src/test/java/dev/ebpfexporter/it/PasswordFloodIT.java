package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, defect 2: 150 clients trying wrong passwords as fast as they are answered, while a
 * scraper with the right password scrapes on. Every one of its scrapes must succeed within
 * Prometheus's default scrape timeout (10 s, the client's timeout here): a functional bound, not a
 * benchmark. The flood must have been real: wrong passwords were checked (401) and turned away
 * when bcrypt was busy (429).
 */
@KernelTest
class PasswordFloodIT {
    private static final String USER = "prometheus";
    private static final String PASSWORD = "correct horse battery staple";
    private static final int ATTACKERS = 150;
    private static final int SCRAPES = 20;
    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void authenticatedScrapesSucceedDuringAWrongPasswordFlood() throws Exception {
        byte[] salt = new byte[16];
        String hash = OpenBSDBCrypt.generate("2y", PASSWORD.getBytes(StandardCharsets.UTF_8), salt, 10);
        Path web = Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  " + USER + ": " + hash + "\n");
        try (ExporterProcess exporter = ExporterProcess.start("password-flood", "--config.names", "page-faults",
                "--web.config.file", web.toString()).awaitLogged("ready in")) {
            URI metrics = URI.create("http://127.0.0.1:" + exporter.port() + "/metrics");
            HttpClient scraper = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(scrape(scraper, metrics).statusCode()).isEqualTo(200); // bcrypt once, then cached

            Map<String, LongAdder> answers = new ConcurrentHashMap<>();
            AtomicBoolean flooding = new AtomicBoolean(true);
            List<Thread> attackers = new ArrayList<>();
            for (int i = 0; i < ATTACKERS; i++) {
                int attacker = i;
                Thread thread = new Thread(() -> attack(metrics, attacker, flooding, answers), "attacker-" + i);
                thread.start();
                attackers.add(thread);
            }
            try {
                awaitAnswers(answers, "429");
                for (int i = 0; i < SCRAPES; i++) {
                    HttpResponse<String> response = scrape(scraper, metrics);
                    assertThat(response.statusCode()).as("scrape %d during the flood (attackers so far: %s)", i,
                            answers).isEqualTo(200);
                    assertThat(response.body()).contains("ebpf_exporter_config_loaded");
                    Thread.sleep(250);
                }
            } finally {
                flooding.set(false);
                for (Thread attacker : attackers) {
                    attacker.join();
                }
            }
            System.out.printf("attackers' answers: %s%n", answers);
            assertThat(answers).containsKeys("401", "429");
            assertThat(answers.get("401").sum()).isPositive();
            assertThat(scrape(scraper, metrics).statusCode()).isEqualTo(200);
        }
    }

    /** Throws (so the assertion fails) when the scrape does not complete within {@link #SCRAPE_TIMEOUT}. */
    private static HttpResponse<String> scrape(HttpClient client, URI metrics) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(metrics).timeout(SCRAPE_TIMEOUT)
                .header("Authorization", basic(USER, PASSWORD)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Wrong passwords, a new one each time (no cache could help), until the flood ends. */
    private static void attack(URI metrics, int attacker, AtomicBoolean flooding, Map<String, LongAdder> answers) {
        for (int attempt = 0; flooding.get(); attempt++) {
            String outcome;
            try {
                HttpURLConnection connection = (HttpURLConnection) metrics.toURL().openConnection();
                connection.setConnectTimeout(10_000);
                connection.setReadTimeout(10_000);
                connection.setRequestProperty("Authorization", basic(USER, "guess " + attacker + "-" + attempt));
                outcome = String.valueOf(connection.getResponseCode());
                try (InputStream body = connection.getErrorStream()) {
                    if (body != null) {
                        body.readAllBytes();
                    }
                }
            } catch (IOException e) {
                outcome = e.getClass().getSimpleName();
            }
            answers.computeIfAbsent(outcome, key -> new LongAdder()).increment();
        }
    }

    private static void awaitAnswers(Map<String, LongAdder> answers, String status) throws InterruptedException {
        for (int poll = 0; poll < 300 && !answers.containsKey(status); poll++) {
            Thread.sleep(100);
        }
        assertThat(answers).as("the attackers got a %s", status).containsKey(status);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
