package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Runs src/test/c/run-queue-latency-waiter.c: a victim task kept runnable behind a SCHED_FIFO hog
 * on one CPU for a known time, ROUNDS times; returns the waits the victim measured itself.
 */
final class RunQueueLatencyWaiter {
    private static final TestHelper WAITER = new TestHelper("run-queue-latency-waiter");
    private static final Pattern WAIT = Pattern.compile("wait_ns=(\\d+)");

    private RunQueueLatencyWaiter() {}

    /** The victim's own measure of each round's wait, in ns (an upper bound of its run-queue wait). */
    static long[] run(int cpu, int rounds, int holdMillis) throws IOException, InterruptedException {
        return run(rounds, Integer.toString(cpu), Integer.toString(rounds), Integer.toString(holdMillis));
    }

    /** As {@link #run(int, int, int)}, the victim alone in cgroup v2 directory {@code cgroup}. */
    static long[] runInCgroup(int cpu, int rounds, int holdMillis, Path cgroup) throws IOException, InterruptedException {
        return run(rounds, Integer.toString(cpu), Integer.toString(rounds), Integer.toString(holdMillis),
                cgroup.toString());
    }

    private static long[] run(int rounds, String... args) throws IOException, InterruptedException {
        String output = WAITER.run(60, args);
        long[] waits = WAIT.matcher(output).results().map(m -> m.group(1)).mapToLong(Long::parseLong).toArray();
        if (waits.length != rounds) {
            throw new AssertionError("expected " + rounds + " waits from the waiter, got: " + output);
        }
        return waits;
    }
}
