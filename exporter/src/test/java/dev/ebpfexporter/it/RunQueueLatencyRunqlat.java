package dev.ebpfexporter.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian libbpf-tools' {@code runqlat}, an independent run-queue latency tool, over one interval:
 * {@code runqlat SECONDS 1} attaches, prints "Tracing run queue latency...", sleeps SECONDS, prints
 * its log2 histogram of µs and exits. Its stdout is made line-buffered (stdbuf) so the "Tracing"
 * line, which marks the start of its window, arrives when it is printed.
 */
final class RunQueueLatencyRunqlat implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/runqlat");

    private final Process process;
    private final BufferedReader output;
    private final StringBuilder printed = new StringBuilder();

    private RunQueueLatencyRunqlat(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts runqlat and returns once it is tracing: its window starts now. */
    static RunQueueLatencyRunqlat startTracing(int seconds) throws IOException {
        Process process = new ProcessBuilder("stdbuf", "-oL", BINARY.toString(), Integer.toString(seconds), "1")
                .redirectErrorStream(true).start();
        RunQueueLatencyRunqlat runqlat = new RunQueueLatencyRunqlat(process);
        String line;
        while ((line = runqlat.output.readLine()) != null) {
            runqlat.printed.append(line).append('\n');
            if (line.startsWith("Tracing")) {
                return runqlat;
            }
        }
        throw new AssertionError("runqlat exited before tracing:\n" + runqlat.printed);
    }

    /** Waits for runqlat's interval to end and returns its histogram: its window ends now. */
    RunQueueLatencyHistogram awaitHistogram() throws IOException, InterruptedException {
        String line;
        while ((line = output.readLine()) != null) {
            printed.append(line).append('\n');
        }
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("runqlat failed:\n" + printed);
        }
        return RunQueueLatencyHistogram.fromRunqlat(printed.toString());
    }

    String printed() {
        return printed.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
