package dev.ebpfexporter.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process of a test with its output in a file. Closing it stops the process if it still
 * runs: SIGTERM, then SIGKILL after a grace period, so a failed test leaves nothing behind.
 */
final class LoggedProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Duration grace;

    private LoggedProcess(Process process, Path log, Duration grace) {
        this.process = process;
        this.log = log;
        this.grace = grace;
    }

    static LoggedProcess start(List<String> command, Path log, Duration grace) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new LoggedProcess(process, log, grace);
    }

    Process process() {
        return process;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
