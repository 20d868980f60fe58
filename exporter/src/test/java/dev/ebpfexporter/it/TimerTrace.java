package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's own record of timer callbacks, without BPF: timer:timer_expire_entry and
 * timer:hrtimer_expire_entry recorded by ftrace into a tracefs instance of its own (so the global
 * buffer and other users are untouched) between {@link #on()} and {@link #off()}, each stamped with
 * the "mono" trace clock (CLOCK_MONOTONIC, the clock of {@link System#nanoTime()}), then counted
 * over a time range by the callback's symbol as the events print it ({@code function=hrtimer_wakeup},
 * a module's {@code function=estimation_timer [ip_vs]}).
 *
 * <p>A hist trigger keyed by {@code function.sym} would count in the kernel, but kernels built
 * without CONFIG_HIST_TRIGGERS (such as the one this suite's host runs) have none; the ring buffer
 * works on every kernel with tracefs. It is sized for the window ({@value #BUFFER_KB} KiB per CPU,
 * about 80,000 events of ~50 bytes), and {@link #counts()} fails if any CPU's buffer overran, so a
 * count is never silently short. {@link #close()} removes the instance, events and all.
 */
final class TimerTrace implements AutoCloseable {
    private static final Path INSTANCES = Path.of("/sys/kernel/tracing/instances");
    private static final List<String> EVENTS = List.of("timer_expire_entry", "hrtimer_expire_entry");
    private static final int BUFFER_KB = 4096;
    /** {@code <idle>-0 [001] d.h1. 5342.123456: hrtimer_expire_entry: hrtimer=... function=tick_nohz_handler now=...} */
    private static final Pattern EVENT =
            Pattern.compile(" (\\d+)\\.(\\d{6}): (hrtimer|timer)_expire_entry: .*? function=(\\S+)");
    private static final Pattern OVERRUN = Pattern.compile("^(overrun|commit overrun|dropped events): (\\d+)$", Pattern.MULTILINE);

    private final Path instance;

    private TimerTrace(Path instance) {
        this.instance = instance;
    }

    /** A new instance with both events enabled and recording off. */
    static TimerTrace create() throws IOException, InterruptedException {
        NumaTracefs.ensureMounted();
        TimerTrace trace = new TimerTrace(Files.createDirectory(
                INSTANCES.resolve("ebpf-exporter-timer-latency-" + ProcessHandle.current().pid())));
        try {
            trace.write("tracing_on", "0");
            trace.write("trace_clock", "mono");
            trace.write("buffer_size_kb", Integer.toString(BUFFER_KB));
            for (String event : EVENTS) {
                trace.write("events/timer/" + event + "/enable", "1");
            }
            return trace;
        } catch (IOException | RuntimeException e) {
            trace.close();
            throw e;
        }
    }

    void on() throws IOException {
        write("tracing_on", "1");
    }

    void off() throws IOException {
        write("tracing_on", "0");
    }

    /**
     * Callbacks that began in (from, to] (CLOCK_MONOTONIC ns, microsecond resolution), by kind
     * ("timer", "hrtimer") and symbol; fails if a CPU's buffer overran.
     */
    Map<String, Map<String, Long>> counts(long from, long to) throws IOException {
        try (var cpus = Files.list(instance.resolve("per_cpu"))) {
            for (Path cpu : cpus.toList()) {
                Matcher lost = OVERRUN.matcher(Files.readString(cpu.resolve("stats")));
                while (lost.find()) {
                    if (Long.parseLong(lost.group(2)) != 0) {
                        throw new AssertionError(cpu + ": the trace buffer lost events (" + lost.group() + ")");
                    }
                }
            }
        }
        Map<String, Map<String, Long>> counts = new HashMap<>();
        try (var lines = Files.lines(instance.resolve("trace"))) {
            lines.map(EVENT::matcher).filter(Matcher::find).forEach(event -> {
                long at = Long.parseLong(event.group(1)) * 1_000_000_000L + Long.parseLong(event.group(2)) * 1000;
                if (at > from && at <= to) {
                    counts.computeIfAbsent(event.group(3), kind -> new TreeMap<>()).merge(event.group(4), 1L, Long::sum);
                }
            });
        }
        return counts;
    }

    private void write(String file, String value) throws IOException {
        Files.writeString(instance.resolve(file), value);
    }

    /** Stops recording, disables the events and removes the instance (its buffers go with it). */
    @Override
    public void close() throws IOException {
        try {
            off();
            for (String event : EVENTS) {
                write("events/timer/" + event + "/enable", "0");
            }
        } finally {
            Files.delete(instance);
        }
    }
}
