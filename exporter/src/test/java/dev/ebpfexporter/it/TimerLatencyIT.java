package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * timer-latency against the kernel's own trace of the same events (TimerTrace: ftrace, no BPF), over
 * one window: per (kind, function), callbacks counted by the histogram's {@code _count} equal the
 * traced timer_expire_entry / hrtimer_expire_entry events within 1 % for every function traced
 * ≥ {@value #MEANINGFUL} times, each kind's total within 1 % or what the window's ends can add
 * or lose, whichever is more (a kind can fire only a few hundred times a window), and a helper's
 * {@value #SLEEPS} nanosleeps inside the window show as at least that many {@code hrtimer_wakeup}
 * callbacks.
 *
 * <p>The window is the one the exporter's numbers cover: from the start of one drain (which reads
 * the map first) to the start of another, each taken from its scrape (finish time, wall clock, ms
 * resolution, minus its duration) and turned into CLOCK_MONOTONIC, the trace's clock; the trace
 * records throughout and is counted over exactly that range. Bracketing by when a scrape returned
 * instead would add the scrape's latency, tens to hundreds of milliseconds on a busy machine, to
 * each end. What still differs: the millisecond rounding and the few milliseconds from a drain's
 * start to its map read at each end (a few events of a function firing hundreds of times a second),
 * and the callbacks in flight at each end (the trace counts at entry, the program at exit: at most
 * one per CPU and context) — under 1 % of ≥ {@value #MEANINGFUL}.
 */
@KernelTest
class TimerLatencyIT {
    private static final String COUNT = "ebpf_exporter_timer_callback_seconds_count";
    private static final String BUCKET = "ebpf_exporter_timer_callback_seconds_bucket";
    private static final long MEANINGFUL = 1000;
    private static final double TOLERANCE = 0.01;
    /**
     * What the window's two ends can add or lose at any rate: at each, the callbacks in flight (one
     * per CPU in each of softirq and hardirq context) and one between a drain's start and its map read.
     */
    private static final long ENDS_SLACK = 2 * (2L * Runtime.getRuntime().availableProcessors() + 1);
    private static final int SLEEPS = 2000;
    private static final long WINDOW_SECONDS = 8;
    private static final TestHelper SLEEPER = new TestHelper("timer-latency-sleeper");

    @TempDir
    Path dir;

    @Test
    void callbacksByFunctionAgreeWithTheKernelsTraceAndSleepsAreHrtimerWakeups() throws Exception {
        TestConfigs.copyShipped(dir, "timer-latency");
        SLEEPER.binary();
        try (ExporterProcess exporter = ExporterProcess.start("timer-latency",
                        "--config.dir", dir.toString(), "--drain.interval", "50ms").awaitReady();
                TimerTrace trace = TimerTrace.create()) {
            trace.on();
            long windowEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
            List<Series> start = exporter.endpoint().scrapeRightAfterNextDrain();
            long from = drainStart(start);
            SLEEPER.run(30, Integer.toString(SLEEPS));
            TimeUnit.NANOSECONDS.sleep(windowEnd - System.nanoTime());
            List<Series> end = exporter.endpoint().scrapeRightAfterNextDrain();
            long to = drainStart(end);
            trace.off();

            Map<String, Map<String, Long>> traced = trace.counts(from, to);
            Map<String, Map<String, Long>> exported = countDeltas(start, end);
            System.out.println("timer callbacks over " + WINDOW_SECONDS + " s (kind function: traced/exported): "
                    + describe(traced, exported));
            assertCountsAgree(traced, exported);
            assertThat(exported.get("hrtimer").getOrDefault("hrtimer_wakeup", 0L))
                    .as("hrtimer_wakeup callbacks while the helper slept %d times", SLEEPS)
                    .isGreaterThanOrEqualTo(SLEEPS);
            assertThat(traced.get("hrtimer").getOrDefault("hrtimer_wakeup", 0L)).as("traced hrtimer_wakeup")
                    .isGreaterThanOrEqualTo(SLEEPS);
            assertEverySeriesIsWhole(end);
        }
    }

    /**
     * When the drain a scrape shows began, in CLOCK_MONOTONIC ns: its finish (wall clock) minus its
     * duration, moved to the monotonic clock by their offset read now (both clocks are the
     * kernel's, shared by this JVM and the exporter's; the offset moves only by NTP's slewing).
     */
    private static long drainStart(List<Series> scrape) {
        Instant wall = Instant.now();
        long mono = System.nanoTime();
        double finished = Series.sum(scrape, "ebpf_exporter_last_drain_timestamp_seconds", Map.of());
        double took = Series.sum(scrape, "ebpf_exporter_drain_duration_seconds", Map.of());
        long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
        return Math.round((finished - took) * 1e9) - (wallNanos - mono);
    }

    /** Every function traced ≥ MEANINGFUL times agrees within TOLERANCE, each kind's total within that or ENDS_SLACK. */
    private static void assertCountsAgree(Map<String, Map<String, Long>> traced, Map<String, Map<String, Long>> exported) {
        for (String kind : List.of("timer", "hrtimer")) {
            Map<String, Long> byTrace = traced.getOrDefault(kind, Map.of());
            Map<String, Long> byExporter = exported.getOrDefault(kind, Map.of());
            byTrace.forEach((function, count) -> {
                if (count >= MEANINGFUL) {
                    assertThat((double) byExporter.getOrDefault(function, 0L)).as("%s %s vs traced %d", kind, function, count)
                            .isCloseTo(count, within(count * TOLERANCE));
                }
            });
            long tracedTotal = byTrace.values().stream().mapToLong(Long::longValue).sum();
            long exportedTotal = byExporter.values().stream().mapToLong(Long::longValue).sum();
            assertThat((double) exportedTotal).as("all %s callbacks vs traced %d", kind, tracedTotal)
                    .isCloseTo(tracedTotal, within(Math.max(tracedTotal * TOLERANCE, ENDS_SLACK)));
        }
        assertThat(traced.get("hrtimer").values()).as("a function traced often enough to compare")
                .anyMatch(count -> count >= MEANINGFUL);
    }

    /**
     * Every callback was named by the ksym decoder (this process reads kallsyms as root), none fell
     * into the map's overflow, and each series' {@code _count} is its +Inf bucket.
     */
    private static void assertEverySeriesIsWhole(List<Series> scrape) {
        for (Series count : scrape) {
            if (!count.name().equals(COUNT)) {
                continue;
            }
            String function = count.labels().get("function");
            assertThat(function).as("function label").doesNotStartWith("unknown_addr:").isNotEqualTo("[overflow]");
            Map<String, String> inf = new TreeMap<>(count.labels());
            inf.put("le", "+Inf");
            assertThat(Series.values(scrape, BUCKET, inf)).as("+Inf bucket of %s", count.labels())
                    .containsExactly(count.value());
        }
        assertThat(Series.sum(scrape, "ebpf_exporter_decode_errors_total", Map.of("config", "timer-latency")))
                .as("decode errors").isZero();
    }

    /** The _count rise of each (kind, function) from start to end; a module's function without its "\t[module]". */
    private static Map<String, Map<String, Long>> countDeltas(List<Series> start, List<Series> end) {
        Map<String, Map<String, Long>> deltas = new TreeMap<>();
        for (Series count : end) {
            if (count.name().equals(COUNT)) {
                long before = (long) Series.sum(start, COUNT, count.labels());
                String symbol = count.labels().get("function").split("\t", 2)[0];
                deltas.computeIfAbsent(count.labels().get("kind"), kind -> new TreeMap<>())
                        .merge(symbol, (long) count.value() - before, Long::sum);
            }
        }
        return deltas;
    }

    private static String describe(Map<String, Map<String, Long>> traced, Map<String, Map<String, Long>> exported) {
        List<String> parts = new ArrayList<>();
        traced.forEach((kind, counts) -> counts.forEach((function, count) -> {
            if (count >= MEANINGFUL / 10) {
                parts.add(kind + " " + function + " " + count + "/"
                        + exported.getOrDefault(kind, Map.of()).getOrDefault(function, 0L));
            }
        }));
        return String.join(", ", parts);
    }
}
