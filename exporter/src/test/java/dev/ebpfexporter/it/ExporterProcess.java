package dev.ebpfexporter.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged exporter jar as a child process on a free loopback port, its stderr kept in a file
 * under target/it-logs. Closing it kills the process if a test left it running, so a failed test
 * leaks no programs.
 */
final class ExporterProcess implements AutoCloseable {
    /** The packaged jar under test (absolute: guests run it at the same path). */
    static final Path JAR = Path.of(System.getProperty("exporter.jar", "target/ebpf-exporter.jar")).toAbsolutePath();
    /** This JVM's java: a guest finds it at the same path. */
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The deployments' JVM flags, as {@code java @file} takes them. */
    static final Path JVM_OPTIONS = Path.of("../deploy/jvm.options").toAbsolutePath();
    /** Only a bound on a hang: CompatSuiteIT loads some 30 configs, which takes over 20 s on a busy 2-CPU host. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final LoggedProcess child;
    private final Process process;
    private final MetricsEndpoint endpoint;

    private ExporterProcess(LoggedProcess child, int port) {
        this.child = child;
        this.process = child.process();
        this.endpoint = new MetricsEndpoint(port);
    }

    /** Starts the jar with {@code args} plus a free --web.listen-address (unless args set one). */
    static ExporterProcess start(String testName, String... args) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        if (!command.contains("--web.listen-address")) {
            command.addAll(List.of("--web.listen-address", "127.0.0.1:" + port));
        }
        return startCommand(testName, command, port);
    }

    static ExporterProcess startCommand(String testName, List<String> command, int port) throws IOException {
        Path logs = Files.createDirectories(Path.of("target/it-logs"));
        Path log = logs.resolve(testName + ".log");
        return new ExporterProcess(LoggedProcess.start(command, log, Duration.ofSeconds(5)), port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return endpoint.port();
    }

    MetricsEndpoint endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until the log contains {@code text}, failing early with the log if the process exits:
     * readiness where a plain-HTTP probe cannot tell (TLS, basic auth).
     */
    ExporterProcess awaitLogged(String text) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!log().contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("exporter exited with " + process.exitValue() + " before logging '" + text
                        + "':\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("exporter has not logged '" + text + "' after " + READY_TIMEOUT + ":\n" + log());
            }
            Thread.sleep(50);
        }
        return this;
    }

    /** Waits until /metrics serves its first drain (every config attached), failing early with the log if the process exits. */
    ExporterProcess awaitReady() throws InterruptedException {
        if (!awaitReadyOrExit()) {
            throw new AssertionError("exporter exited with " + process.exitValue() + " before ready:\n" + log());
        }
        return this;
    }

    /** True once /metrics serves a drain, false if the process exits first; fails after 20 s of neither. */
    boolean awaitReadyOrExit() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (endpoint.answers()) {
                return true;
            }
            Thread.sleep(50);
        }
        // Stopped here: the caller's try-with-resources never got the process to close.
        close();
        throw new AssertionError("exporter neither ready nor exited after " + READY_TIMEOUT + ":\n" + log());
    }

    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return endpoint.get(path, accept);
    }

    String scrapeText() throws IOException, InterruptedException {
        return endpoint.scrapeText();
    }

    List<Series> scrape() throws IOException, InterruptedException {
        return endpoint.scrape();
    }

    /**
     * A scrape showing a drain that began after {@code instant}: its last-drain time is at least half a
     * second later (these maps drain in milliseconds), so it holds every event counted before the instant.
     */
    List<Series> scrapeAfterADrainBegunAfter(Instant instant) throws IOException, InterruptedException {
        double finishedBy = instant.toEpochMilli() / 1e3 + 0.5;
        for (int attempt = 0; attempt < 100; attempt++) {
            List<Series> scrape = scrape();
            if (Series.sum(scrape, "ebpf_exporter_last_drain_timestamp_seconds", Map.of()) >= finishedBy) {
                return scrape;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no drain finished within 10 s of " + instant);
    }

    /** Waits for the process to exit by itself and returns its status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("exporter still running after " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    void sigterm() {
        process.destroy(); // SIGTERM on Linux
    }

    String log() {
        return child.log();
    }

    @Override
    public void close() {
        child.close();
    }
}
