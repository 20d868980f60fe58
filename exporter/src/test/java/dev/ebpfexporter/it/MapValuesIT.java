package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a map value can be, end to end on the real kernel (src/test/bpf/map-values.bpf.c): a helper
 * pinned to one CPU makes getpgid calls under the comm the program counts, so each series knows its
 * exact gain. Only the helper has that comm, so the deltas between a scrape before and one after
 * the helper runs must equal its calls exactly.
 */
@KernelTest
class MapValuesIT {
    private static final TestHelper PINNED = new TestHelper("pinned-getpgid");
    private static final String COMM = "mapvalue";
    private static final String PREFIX = "ebpf_exporter_";

    @TempDir
    Path dir;

    /**
     * CPU 0 makes 300 calls with odd arguments and 200 with even, CPU 1 makes 70 odd and 40 even:
     * per-CPU maps give one series per CPU under the cpu label (counters and histograms, also with
     * cpu as the only label), and the sum over CPUs without it.
     */
    @Test
    void perCpuMapsGiveASeriesPerCpuUnderTheCpuLabelAndTheSumWithout() throws Exception {
        try (ExporterProcess exporter = start("map-values-percpu")) {
            List<Series> before = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            PINNED.run(30, COMM, "0", "100", "3", "5", "7", "2", "6");
            PINNED.run(30, COMM, "1", "10", "3", "5", "7", "9", "11", "6", "8", "10", "12");
            List<Series> after = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));

            Delta delta = new Delta(before, after);
            assertThat(delta.of("percpu_calls_total", Map.of("parity", "1", "cpu", "0"))).isEqualTo(300);
            assertThat(delta.of("percpu_calls_total", Map.of("parity", "0", "cpu", "0"))).isEqualTo(200);
            assertThat(delta.of("percpu_calls_total", Map.of("parity", "1", "cpu", "1"))).isEqualTo(50);
            assertThat(delta.of("percpu_calls_total", Map.of("parity", "0", "cpu", "1"))).isEqualTo(40);
            assertThat(after.stream().filter(s -> s.name().equals(PREFIX + "percpu_calls_total"))
                    .map(s -> s.labels().keySet())).as("labels of every series").containsOnly(
                            Set.of("parity", "cpu"));

            assertThat(delta.of("percpu_summed_calls_total", Map.of("parity", "1"))).isEqualTo(350);
            assertThat(delta.of("percpu_summed_calls_total", Map.of("parity", "0"))).isEqualTo(240);
            assertThat(after.stream().filter(s -> s.name().equals(PREFIX + "percpu_summed_calls_total")))
                    .as("one series per parity, no cpu label").hasSize(2)
                    .allMatch(s -> s.labels().keySet().equals(Set.of("parity")));

            assertThat(delta.of("percpu_only_cpu_calls_total", Map.of("cpu", "0"))).isEqualTo(500);
            assertThat(delta.of("percpu_only_cpu_calls_total", Map.of("cpu", "1"))).isEqualTo(90);

            // exp2 slots: 2 → le 2; 3 → 4; 5, 6, 7, 8 → 8; 9 to 12 → 16.
            assertThat(delta.of("percpu_values_bucket", Map.of("cpu", "0", "le", "2.0"))).isEqualTo(100);
            assertThat(delta.of("percpu_values_bucket", Map.of("cpu", "0", "le", "4.0"))).isEqualTo(200);
            assertThat(delta.of("percpu_values_bucket", Map.of("cpu", "0", "le", "8.0"))).isEqualTo(500);
            assertThat(delta.of("percpu_values_count", Map.of("cpu", "0"))).isEqualTo(500);
            assertThat(delta.of("percpu_values_sum", Map.of("cpu", "0"))).isEqualTo(100 * (3 + 5 + 7 + 2 + 6));
            assertThat(delta.of("percpu_values_bucket", Map.of("cpu", "1", "le", "4.0"))).isEqualTo(10);
            assertThat(delta.of("percpu_values_bucket", Map.of("cpu", "1", "le", "8.0"))).isEqualTo(50);
            assertThat(delta.of("percpu_values_bucket", Map.of("cpu", "1", "le", "16.0"))).isEqualTo(90);
            assertThat(delta.of("percpu_values_count", Map.of("cpu", "1"))).isEqualTo(90);
            assertThat(delta.of("percpu_values_sum", Map.of("cpu", "1")))
                    .isEqualTo(10 * (3 + 5 + 7 + 9 + 11 + 6 + 8 + 10 + 12));
            assertThat(Series.sum(after, PREFIX + "decode_errors_total", Map.of())).as("decode errors").isZero();
        }
    }

    /**
     * Gauges hold what the program last set, not a sum of increments: CPU 0's helper ends with
     * getpgid(6), CPU 1's with getpgid(12), after larger arguments on each, so a level that went
     * down reads as the lower value; exposed as gauges, without _total.
     */
    @Test
    void gaugesExposeTheLevelTheProgramSet() throws Exception {
        try (ExporterProcess exporter = start("map-values-gauges")) {
            PINNED.run(30, COMM, "1", "5", "40", "12");
            PINNED.run(30, COMM, "0", "5", "30", "6");
            exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            String text = exporter.scrapeText();

            assertThat(text).contains("# TYPE ebpf_exporter_last_argument gauge\n",
                    "\nebpf_exporter_last_argument 6.0\n",
                    "# TYPE ebpf_exporter_last_argument_by_cpu gauge\n",
                    "\nebpf_exporter_last_argument_by_cpu{cpu=\"0\"} 6.0\n",
                    "\nebpf_exporter_last_argument_by_cpu{cpu=\"1\"} 12.0\n");
            assertThat(text).doesNotContain("last_argument_total");
        }
    }

    /**
     * perf_event_array counters count samples by their bytes: 300 getpgid(3) and 200 getpgid(8)
     * calls are 300 and 200 samples. The samples reach the exporter through a poll thread, so the
     * test waits for the counts to stop short of them no longer (10 s at most), then asserts them
     * exactly. The flushed twin starts from zero every 2 s: its series go away once no sample comes.
     */
    @Test
    void perfEventArrayCountersCountEverySampleByItsBytes() throws Exception {
        try (ExporterProcess exporter = start("map-values-perf")) {
            PINNED.run(30, COMM, "0", "100", "3", "8", "3");
            PINNED.run(30, COMM, "1", "100", "3", "8");
            List<Series> after = awaitAtLeast(exporter, PREFIX + "perf_calls_total", 500);

            assertThat(Series.values(after, PREFIX + "perf_calls_total", Map.of("argument", "3"))).containsExactly(300.0);
            assertThat(Series.values(after, PREFIX + "perf_calls_total", Map.of("argument", "8"))).containsExactly(200.0);
            assertThat(Series.values(after, PREFIX + "perf_calls_total", Map.of())).hasSize(2);
            assertThat(Series.sum(after, PREFIX + "map_overflow_total", Map.of("map", "perf_calls_total")))
                    .as("samples lost").isZero();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Series.values(exporter.scrape(), PREFIX + "perf_flushed_calls_total", Map.of()).isEmpty()) {
                assertThat(System.nanoTime()).as("flushed series gone within 10 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(Series.values(exporter.scrape(), PREFIX + "perf_calls_total", Map.of("argument", "3")))
                    .as("the unflushed counter keeps its count").containsExactly(300.0);
        }
    }

    /**
     * A struct value fanned out: each entry of call_stats holds {calls, argument sum}, exposed as two
     * counters with the entry's labels, each exact.
     */
    @Test
    void multiValueMapsGiveOneMetricPerField() throws Exception {
        try (ExporterProcess exporter = start("map-values-multi")) {
            List<Series> before = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            PINNED.run(30, COMM, "0", "100", "3", "5", "8");
            PINNED.run(30, COMM, "1", "10", "7", "4");
            List<Series> after = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));

            Delta delta = new Delta(before, after);
            assertThat(delta.of("calls_by_parity_total", Map.of("parity", "1"))).isEqualTo(210);
            assertThat(delta.of("calls_by_parity_total", Map.of("parity", "0"))).isEqualTo(110);
            assertThat(delta.of("argument_sum_by_parity_total", Map.of("parity", "1"))).isEqualTo(100 * (3 + 5) + 10 * 7);
            assertThat(delta.of("argument_sum_by_parity_total", Map.of("parity", "0"))).isEqualTo(100 * 8 + 10 * 4);
            assertThat(Series.values(after, PREFIX + "map_entries", Map.of("map", "call_stats")))
                    .as("the shared map reported once").containsExactly(2.0);
        }
    }

    /** The exporter with map-values' config, draining every 100 ms, its log under {@code testName}. */
    private ExporterProcess start(String testName) throws Exception {
        TestConfigs.copyTest(dir, "map-values");
        PINNED.binary();
        return ExporterProcess.start(testName, "--config.dir", dir.toString(), "--drain.interval", "100ms")
                .awaitReady();
    }

    /** The first scrape whose {@code name} series sum to at least {@code count}; fails after 10 s. */
    private static List<Series> awaitAtLeast(ExporterProcess exporter, String name, double count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Series> scrape = exporter.scrape();
            if (Series.sum(scrape, name, Map.of()) >= count || System.nanoTime() > deadline) {
                return scrape;
            }
            Thread.sleep(100);
        }
    }

    /** Differences of single series between two scrapes. */
    private record Delta(List<Series> before, List<Series> after) {
        long of(String name, Map<String, String> labels) {
            return (long) (value(after, name, labels) - value(before, name, labels));
        }

        /** A series absent from a scrape counts 0 there: a hash map key appears with its first event. */
        private static double value(List<Series> scrape, String name, Map<String, String> labels) {
            List<Double> values = Series.values(scrape, PREFIX + name, labels);
            assertThat(values).as("%s%s", name, labels).hasSizeLessThanOrEqualTo(1);
            return values.isEmpty() ? 0 : values.get(0);
        }
    }
}
