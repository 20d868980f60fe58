package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.config.ClasspathConfigSource;
import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus} 2.42 on loopback) scrapes the exporter, with every
 * bundled config (the opt-in ones named, so every dashboard panel has its metric) and a 1 s drain, every second for about 10 s while load runs: CPU hogs that
 * queue behind each other ({@code stress-ng}, package {@code stress-ng}) and a process faulting
 * pages under a comm of its own. Then, through Prometheus's HTTP API: the target is up, rates
 * and {@code histogram_quantile} over our series are sane, and every panel query of
 * {@code grafana/ebpf-exporter-overview.json}, its variables resolved as Grafana would with
 * "All" selected, parses and returns data.
 *
 * <p>One exception, on a one-node machine: a query over NUMA-migration histograms (and other
 * hash maps no event fed during the run) can only be empty, because nothing is ever misplaced: the
 * map has no key, so the metric has no series and its name is not among Prometheus's metric names
 * (counters whose labels are enumerations, such as numa_move_total, are served at 0). An empty result is
 * accepted only when every ebpf_exporter metric the query names either has series in Prometheus
 * or is a map the exporter reports as loaded and empty ({@code ebpf_exporter_map_entries == 0});
 * a query that is empty for any other reason (a wrong label, a typo'd metric) fails.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusEndToEndIT {
    private static final String JOB = "ebpf-exporter";
    private static final int SAMPLES_WANTED = 10;
    private static final long SAMPLES_TIMEOUT_MILLIS = 25_000;
    private static final String WINDOW = "[10s]";
    private static final Pattern METRIC_NAME = Pattern.compile("ebpf_exporter_\\w+");
    private static final Pattern HISTOGRAM_SERIES = Pattern.compile("_(bucket|sum|count)$");

    private final String faultingComm = Faulter.uniqueComm();
    @TempDir
    static Path dir;
    private ExporterProcess exporter;
    private PrometheusServer prometheus;
    private RunQueueLatencyLoad load;
    private PrometheusFaultLoad faults;

    @BeforeAll
    void scrapeTheExporterUnderLoad() throws Exception {
        List<String> configs = new ArrayList<>(ClasspathConfigSource.bundled().names());
        configs.addAll(List.of(ClasspathConfigSource.BUNDLED_OPT_IN.split(",")));
        exporter = ExporterProcess.start("prometheus-e2e", "--drain.interval", "1s", "--bpf.stats",
                "--config.names", String.join(",", configs)).awaitReady();
        load = RunQueueLatencyLoad.start(4, 40);
        faults = PrometheusFaultLoad.start(faultingComm);
        prometheus = PrometheusServer.start(dir, JOB, List.of("127.0.0.1:" + exporter.port())).awaitReady();
        awaitSamples();
    }

    /** Until Prometheus holds {@value SAMPLES_WANTED} successful scrapes (about 10 s of samples). */
    private void awaitSamples() throws IOException, InterruptedException {
        String scrapes = "sum_over_time(up{job=\"" + JOB + "\"}[1m])";
        long deadline = System.currentTimeMillis() + SAMPLES_TIMEOUT_MILLIS;
        double have = 0;
        while (System.currentTimeMillis() < deadline) {
            List<PrometheusSample> result = prometheus.query(scrapes);
            have = result.isEmpty() ? 0 : result.get(0).value();
            if (have >= SAMPLES_WANTED) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus has " + have + " good scrapes after " + SAMPLES_TIMEOUT_MILLIS
                + " ms:\n" + prometheus.log() + "\nexporter:\n" + exporter.log());
    }

    @AfterAll
    void stopEverything() {
        // Each in its own finally, so one failing close leaks none of the others.
        try {
            close(prometheus);
        } finally {
            try {
                close(faults);
            } finally {
                try {
                    close(load);
                } finally {
                    close(exporter);
                }
            }
        }
    }

    private static void close(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + closeable, e);
        }
    }

    @Test
    void theExporterTargetIsUp() throws Exception {
        List<PrometheusSample> up = prometheus.query("up{job=\"" + JOB + "\"}");

        assertThat(up).singleElement().satisfies(sample -> {
            assertThat(sample.labels()).containsEntry("instance", "127.0.0.1:" + exporter.port());
            assertThat(sample.value()).isEqualTo(1.0);
        });
    }

    @Test
    void pageFaultRatesArePositiveAndIncludeTheFaultingProcess() throws Exception {
        double all = single("sum(rate(ebpf_exporter_page_faults_total" + WINDOW + "))");
        double ours = single("sum(rate(ebpf_exporter_page_faults_total{kind=\"user\",comm=\"" + faultingComm + "\"}"
                + WINDOW + "))");
        System.out.printf("page faults/s: all %.0f, %s %.0f%n", all, faultingComm, ours);

        assertThat(ours).isPositive();
        assertThat(all).isGreaterThanOrEqualTo(ours);
    }

    @Test
    void runQueueLatencyP99IsAFinitePositiveNumberOfSeconds() throws Exception {
        double p99 = single("histogram_quantile(0.99, sum by (le) (rate(ebpf_exporter_run_queue_latency_seconds_bucket"
                + WINDOW + ")))");
        System.out.printf("run-queue latency p99 under %s hogs: %.6f s%n", 4, p99);

        // Seconds, not ns: 4 hogs on a 2-CPU host wait whole time slices (ms), well under
        // the histogram's top bound (2^31 ns ≈ 2.1 s); above 1 µs rules out a unit slip.
        assertThat(p99).isFinite().isGreaterThan(1e-6).isLessThan(1.0);
    }

    @Test
    void softirqsAreServiced() throws Exception {
        double serviced = single("sum(rate(ebpf_exporter_softirq_serviced_total" + WINDOW + "))");
        double timerP99 = single("histogram_quantile(0.99, sum by (le) (rate("
                + "ebpf_exporter_softirq_service_latency_seconds_bucket{kind=\"timer\"}" + WINDOW + ")))");
        System.out.printf("softirqs serviced/s: %.0f, timer service p99 %.6f s%n", serviced, timerP99);

        assertThat(serviced).isPositive();
        assertThat(timerP99).isFinite().isPositive().isLessThan(1.0);
    }

    @TestFactory
    Stream<DynamicTest> everyDashboardQueryParsesAndReturnsData() throws Exception {
        PrometheusDashboard dashboard = PrometheusDashboard.read(PrometheusDashboard.OVERVIEW);
        assertThat(dashboard.variables()).extracting(PrometheusDashboard.Variable::name).contains("job", "instance");
        assertThat(dashboard.targets()).hasSizeGreaterThanOrEqualTo(20);
        PrometheusTemplating templating = PrometheusTemplating.resolve(dashboard.variables(), prometheus);
        System.out.println("dashboard variables: " + templating);
        Set<String> names = Set.copyOf(prometheus.metricNames());
        return dashboard.targets().stream().map(target -> DynamicTest.dynamicTest(target.toString(), () -> {
            String expr = templating.substitute(target.expr());
            List<PrometheusSample> result = prometheus.query(expr); // fails with Prometheus's parse error
            System.out.printf("%s: %d series: %s%n", target, result.size(), expr);
            if (result.isEmpty()) {
                assertEmptyOnlyBecauseMapsAreEmpty(expr, names);
            }
        }));
    }

    /** An empty result is accepted only when each metric it names has series or is a loaded, empty map. */
    private void assertEmptyOnlyBecauseMapsAreEmpty(String expr, Set<String> names) throws Exception {
        List<String> missing = new ArrayList<>();
        Matcher m = METRIC_NAME.matcher(expr);
        while (m.find()) {
            if (!names.contains(m.group())) {
                missing.add(m.group());
            }
        }
        assertThat(missing).as("an empty result for %s, though all its metrics have series", expr).isNotEmpty();
        for (String metric : missing) {
            String map = HISTOGRAM_SERIES.matcher(metric.substring("ebpf_exporter_".length())).replaceFirst("");
            // A counter map "foo" is exposed as foo_total; one named foo_total keeps its name.
            String maps = map + "|" + map.replaceFirst("_total$", "");
            assertThat(prometheus.query("ebpf_exporter_map_entries{job=\"" + JOB + "\",map=~\"" + maps + "\"}"))
                    .as("%s has no series: its map must be loaded and empty", metric)
                    .singleElement()
                    .extracting(PrometheusSample::value)
                    .isEqualTo(0.0);
        }
    }

    private double single(String promql) throws IOException, InterruptedException {
        List<PrometheusSample> result = prometheus.query(promql);
        assertThat(result).as(promql).hasSize(1);
        return result.get(0).value();
    }
}
