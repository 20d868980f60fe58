package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** System commands a test runs to set the machine up or read it (ip, nft, ss, cat in a namespace). */
final class Commands {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Commands() {}

    /** Runs {@code command}; returns its output (stdout and stderr). Fails unless it exits 0 within 10 s. */
    static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, TIMEOUT);
    }

    /** Runs {@code command}; returns its output (stdout and stderr). Fails unless it exits 0 within {@code timeout}. */
    static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        // Output goes to a file, not a pipe: a command that hangs cannot block the test past its timeout.
        Path output = Files.createTempFile("command", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            String text = Files.readString(output);
            if (!exited || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command)
                        + (exited ? " exited with " + process.exitValue() : " did not finish in " + timeout) + ": " + text);
            }
            return text;
        } finally {
            Files.delete(output);
        }
    }
}
