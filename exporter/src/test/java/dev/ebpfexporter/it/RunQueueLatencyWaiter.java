package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs src/test/c/run-queue-latency-waiter.c: a victim task kept runnable behind a SCHED_FIFO hog
 * on one CPU for a known time, ROUNDS times; returns the waits the victim measured itself.
 */
final class RunQueueLatencyWaiter {
    private static final Path SOURCE = Path.of("src/test/c/run-queue-latency-waiter.c");
    private static final Path BINARY = Path.of("target/run-queue-latency-waiter");
    private static final Pattern WAIT = Pattern.compile("wait_ns=(\\d+)");

    private RunQueueLatencyWaiter() {}

    /** The victim's own measure of each round's wait, in ns (an upper bound of its run-queue wait). */
    static long[] run(int cpu, int rounds, int holdMillis) throws IOException, InterruptedException {
        return run(List.of(Integer.toString(cpu), Integer.toString(rounds), Integer.toString(holdMillis)), rounds);
    }

    /** As {@link #run(int, int, int)}, the victim alone in cgroup v2 directory {@code cgroup}. */
    static long[] runInCgroup(int cpu, int rounds, int holdMillis, Path cgroup) throws IOException, InterruptedException {
        return run(List.of(Integer.toString(cpu), Integer.toString(rounds), Integer.toString(holdMillis),
                cgroup.toString()), rounds);
    }

    private static long[] run(List<String> args, int rounds) throws IOException, InterruptedException {
        compile();
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("run-queue-latency-waiter failed: " + output);
        }
        long[] waits = WAIT.matcher(output).results().map(m -> m.group(1)).mapToLong(Long::parseLong).toArray();
        if (waits.length != rounds) {
            throw new AssertionError("expected " + rounds + " waits from the waiter, got: " + output);
        }
        return waits;
    }

    private static synchronized void compile() throws IOException, InterruptedException {
        if (Files.exists(BINARY) && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
            return;
        }
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-o", BINARY.toString(), SOURCE.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (gcc.waitFor() != 0) {
            throw new AssertionError("gcc run-queue-latency-waiter.c failed: " + output);
        }
    }
}
