package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code perf stat -a} counting tracepoint events on every CPU, from {@link #start} (which returns
 * once perf has printed its first interval, so it counts by then) to {@link #stop}: the kernel's
 * perf_event counting of the tracepoints, independent of BPF. Closing it kills perf if a test left
 * it running; perf's events go with its process.
 */
final class PerfStatCount implements AutoCloseable {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final LoggedProcess perf;
    private final Path output;

    private PerfStatCount(LoggedProcess perf, Path output) {
        this.perf = perf;
        this.output = output;
    }

    /**
     * @param events perf's event arguments, e.g. {@code -e syscalls:sys_enter_getpgid} or
     *     {@code -e raw_syscalls:sys_enter --filter 'id < 0'}
     */
    static PerfStatCount start(Path dir, List<String> events) throws IOException, InterruptedException {
        Path output = dir.resolve("perf-stat.csv");
        List<String> command = new ArrayList<>(List.of("perf", "stat", "-a", "-x", ",",
                "-I", Long.toString(INTERVAL.toMillis()), "-o", output.toString()));
        command.addAll(events);
        PerfStatCount count = new PerfStatCount(LoggedProcess.start(command, dir.resolve("perf.log"), Duration.ofSeconds(5)),
                output);
        count.awaitFirstInterval();
        return count;
    }

    private void awaitFirstInterval() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (intervalLines().isEmpty()) {
            if (!perf.process().isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("perf stat printed no interval: " + perf.log());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Stops perf with SIGINT (it prints the last, partial interval on its way out) and returns each
     * event's count summed over every interval, by perf's name for the event.
     */
    Map<String, Long> stop() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(perf.process().pid())).start();
        if (kill.waitFor() != 0 || !perf.process().waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("perf stat did not stop on SIGINT: " + perf.log());
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String line : intervalLines()) {
            String[] fields = line.split(",", -1); // time,count,unit,event,...
            totals.merge(fields[3], Long.parseLong(fields[1]), Long::sum);
        }
        return totals;
    }

    private List<String> intervalLines() throws IOException {
        if (!Files.exists(output)) {
            return List.of();
        }
        return Files.readAllLines(output).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    @Override
    public void close() {
        perf.close();
    }
}
