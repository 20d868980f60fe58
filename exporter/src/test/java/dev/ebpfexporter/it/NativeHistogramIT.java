package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import dev.ebpfexporter.testing.KernelTest;
import dev.ebpfexporter.testing.ProtobufExposition;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.Histogram;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.MetricFamily;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native histograms end to end: a test program (src/test/bpf/native-histogram.bpf.c) observes values
 * this test chooses, twice, into exp2 and exp2zero histograms the exporter serves as native
 * histograms too, and into an exp2 twin served as a classic histogram only. Debian's Prometheus
 * (2.42, {@code --enable-feature=native-histograms}, which then ingests the native representation
 * of a histogram that has one and the classic one of the others) scrapes the exporter; through its
 * HTTP API, {@code histogram_quantile} over {@code rate()} of each native histogram equals the one
 * over the twin's classic buckets and the bucket boundary the values put it on, and
 * {@code histogram_count}/{@code histogram_sum} equal the twin's {@code _count}/{@code _sum}. The
 * protobuf the exporter serves is read back too: native buckets exactly where the values fall.
 *
 * <p>Why the rates compare exactly: the rate window starts after the first round of values was
 * scraped whole and ends after the second, identical round was; each bucket then holds n before
 * and 2n at the end, so Prometheus's extrapolation (limited where a counter would reach zero,
 * which depends on each series' first value over its increase: 1 for every bucket here) scales
 * every bucket, classic or native, by the same factor.
 */
@KernelTest
class NativeHistogramIT {
    private static final String JOB = "native-histograms";
    private static final long GETPGID = 121; // x86_64
    private static final String COMM = "natvhist"; // the program's filter; a Java thread's name is its comm
    /** exp2 slots 0 (0 and 1), 2, 3, 4, 5, 6, 7, 13, 41: cumulative 2, 3, 4, 5, 6, 7, 8, 9, 10. */
    private static final long[] VALUES = {0, 1, 3, 6, 12, 24, 48, 96, 5000, (1L << 40) + 1};
    /** φ → the bucket boundary its rank lands on: rank 5 at le 16, 7 at le 64, 9 at le 8192 (φ is asked a hair lower). */
    private static final Map<Double, Double> QUANTILES = Map.of(0.5, 16.0, 0.7, 64.0, 0.9, 8192.0);
    private static final String EXP2 = "ebpf_exporter_native_exp2_values";
    private static final String EXP2ZERO = "ebpf_exporter_native_exp2zero_values";
    private static final String TWIN = "ebpf_exporter_classic_exp2_values";
    private static final String PROTOBUF =
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    private static final long AWAIT_MILLIS = 20_000;
    private static final double RELATIVE = 1e-9;
    /** Moves φ off a bucket boundary by far less than RELATIVE moves the answer, far more than float error. */
    private static final double RANK_BELOW_BOUNDARY = 1e-12;

    @TempDir
    Path dir;

    @Test
    void prometheusReadsTheNativeHistogramsAsTheClassicBucketsOfTheSameValues() throws Exception {
        Path configs = dir.resolve("configs");
        TestConfigs.copyTest(configs, "native-histogram");
        try (ExporterProcess exporter = ExporterProcess.start("native-histogram", "--config.dir", configs.toString(),
                "--drain.interval", "200ms").awaitReady();
                PrometheusServer prometheus = PrometheusServer.start(Files.createDirectories(dir.resolve("prometheus")), JOB,
                        List.of("127.0.0.1:" + exporter.port()), "", List.of("--enable-feature=native-histograms"))
                        .awaitReady()) {
            observeAll();
            awaitCount(prometheus, VALUES.length);
            double windowStart = nowSeconds();
            // A few scrapes of the first round alone, so the window has samples before the second.
            Thread.sleep(3 * PrometheusServer.SCRAPE_INTERVAL.toMillis());
            observeAll();
            awaitCount(prometheus, 2 * VALUES.length);
            double at = nowSeconds();
            String window = String.format(Locale.ROOT, "[%dms] @ %.3f", Math.round((at - windowStart) * 1000), at);

            for (Map.Entry<Double, Double> quantile : QUANTILES.entrySet()) {
                // Just below the boundary's rank: exactly on it, the float error of φ × count decides
                // between this bucket and the next (2^41 for 0.9), whose bound is a different answer.
                String q = "histogram_quantile(" + (quantile.getKey() - RANK_BELOW_BOUNDARY) + ", rate(";
                double classic = single(prometheus, q + TWIN + "_bucket" + window + "))");
                System.out.printf("%s…): classic %s, expected %s%n", q, classic, quantile.getValue());
                assertThat(classic).as("classic %s", q).isCloseTo(quantile.getValue(), relative(quantile.getValue()));
                for (String histogram : List.of(EXP2, EXP2ZERO)) {
                    assertThat(single(prometheus, q + histogram + window + "))")).as("%s of %s", q, histogram)
                            .isCloseTo(classic, relative(classic));
                }
            }
            double countRate = single(prometheus, "rate(" + TWIN + "_count" + window + ")");
            double sumRate = single(prometheus, "rate(" + TWIN + "_sum" + window + ")");
            assertThat(countRate).isPositive();
            for (String histogram : List.of(EXP2, EXP2ZERO)) {
                assertThat(single(prometheus, "histogram_count(rate(" + histogram + window + "))"))
                        .as("count rate of %s", histogram).isCloseTo(countRate, relative(countRate));
                assertThat(single(prometheus, "histogram_sum(rate(" + histogram + window + "))"))
                        .as("sum rate of %s", histogram).isCloseTo(sumRate, relative(sumRate));
                assertThat(single(prometheus, "histogram_sum(" + histogram + ")"))
                        .isEqualTo(2.0 * Arrays.stream(VALUES).sum());
            }

            assertServedProtobuf(exporter.port());
        }
    }

    /** The exporter's own protobuf: native buckets of each value, twice; none for the twin. */
    private static void assertServedProtobuf(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Accept", PROTOBUF).build();
        byte[] body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
        List<MetricFamily> families = ProtobufExposition.families(body);

        // exp2: 0 and 1 in the zero bucket [0, 1]; v ≥ 2 in index ⌈log2 v⌉.
        assertNative(families, EXP2, 1.0, v -> v <= 1, NativeHistogramIT::ceilLog2);
        // exp2zero: only 0 in the zero bucket [0, 1/2]; v ≥ 1 in index ⌈log2 v⌉ (1 in index 0).
        assertNative(families, EXP2ZERO, 0.5, v -> v == 0, NativeHistogramIT::ceilLog2);
        Histogram twin = only(families, TWIN);
        assertThat(twin.getPositiveSpanCount()).isZero();
        assertThat(twin.getZeroThreshold()).isZero();
        assertThat(twin.getSampleCount()).isEqualTo(2L * VALUES.length);
    }

    private static void assertNative(List<MetricFamily> families, String name, double zeroThreshold, LongPredicate zero,
            LongUnaryOperator index) {
        Map<Integer, Long> expected = new TreeMap<>();
        Arrays.stream(VALUES).filter(zero.negate()).forEach(v -> expected.merge((int) index.applyAsLong(v), 2L, Long::sum));
        Histogram histogram = only(families, name);
        assertThat(histogram.getSchema()).as(name).isZero();
        assertThat(histogram.getZeroThreshold()).as(name).isEqualTo(zeroThreshold);
        assertThat(histogram.getZeroCount()).as(name).isEqualTo(2 * Arrays.stream(VALUES).filter(zero).count());
        assertThat(ProtobufExposition.positiveBuckets(histogram)).as(name).isEqualTo(expected);
        assertThat(histogram.getSampleCount()).as(name).isEqualTo(2L * VALUES.length);
    }

    private static Histogram only(List<MetricFamily> families, String name) {
        MetricFamily family = families.stream().filter(f -> f.getName().equals(name)).findFirst().orElseThrow();
        assertThat(family.getMetricCount()).as(name).isEqualTo(1);
        return family.getMetric(0).getHistogram();
    }

    private static long ceilLog2(long v) {
        return 64 - Long.numberOfLeadingZeros(v - 1);
    }

    /** Until Prometheus holds {@code count} observations in each histogram, native and classic. */
    private static void awaitCount(PrometheusServer prometheus, long count) throws Exception {
        List<String> queries = List.of("histogram_count(" + EXP2 + ")", "histogram_count(" + EXP2ZERO + ")",
                TWIN + "_count");
        long deadline = System.currentTimeMillis() + AWAIT_MILLIS;
        while (true) {
            boolean all = true;
            for (String query : queries) {
                List<PrometheusSample> result = prometheus.query(query);
                all &= result.size() == 1 && result.get(0).value() == count;
            }
            if (all) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Prometheus does not hold " + count + " observations in each of " + queries
                        + " after " + AWAIT_MILLIS + " ms:\n" + prometheus.log());
            }
            Thread.sleep(200);
        }
    }

    private static double single(PrometheusServer prometheus, String promql) throws Exception {
        List<PrometheusSample> result = prometheus.query(promql);
        assertThat(result).as(promql).hasSize(1);
        return result.get(0).value();
    }

    private static Offset<Double> relative(double expected) {
        return within(Math.abs(expected) * RELATIVE);
    }

    private static double nowSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** getpgid(v) from a thread named {@value COMM}: fails for most v (no such process), observed anyway. */
    private static void observeAll() throws InterruptedException {
        Thread observer = new Thread(() -> {
            Function syscall = NativeLibrary.getInstance("c").getFunction("syscall");
            for (long v : VALUES) {
                syscall.invokeLong(new Object[] {GETPGID, v});
            }
        }, COMM);
        observer.start();
        observer.join();
    }
}
