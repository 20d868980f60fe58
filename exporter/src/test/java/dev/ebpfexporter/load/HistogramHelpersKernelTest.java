package dev.ebpfexporter.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import dev.ebpfexporter.bpf.KernelFeatures;
import dev.ebpfexporter.config.ConfigParser;
import dev.ebpfexporter.config.ExporterConfig;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.decode.Decoders;
import dev.ebpfexporter.metrics.BucketLayout;
import dev.ebpfexporter.metrics.MetricSource;
import dev.ebpfexporter.metrics.SnapshotBuilder;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The slot helpers of programs/include/histogram.bpf.h and the exporter's bucket bounds, end to
 * end: a test program observes values this test chooses (the argument of getpgid(2) calls), and
 * every exposed cumulative bucket must count exactly the values ≤ its le — which holds only if each
 * le is a true upper bound and each value sits in the lowest bucket that bounds it.
 */
@KernelTest
class HistogramHelpersKernelTest {
    private static final Path OBJECT = Path.of("target/test-bpf/histogram-slots.bpf.o");
    private static final long GETPGID = 121; // x86_64
    private static final int LINEAR_STEP = 10;
    private static final String CONFIG = """
            metrics:
              histograms:
                - name: exp2_values
                  help: exp2 slots
                  bucket_type: exp2
                  bucket_min: 0
                  bucket_max: 12
                  labels: [{name: bucket, size: 8, decoders: [{name: uint}]}]
                - name: exp2zero_values
                  help: exp2zero slots
                  bucket_type: exp2zero
                  bucket_min: 0
                  bucket_max: 12
                  labels: [{name: bucket, size: 8, decoders: [{name: uint}]}]
                - name: linear_values
                  help: linear slots of 10
                  bucket_type: linear
                  bucket_min: 0
                  bucket_max: 12
                  bucket_multiplier: 10
                  labels: [{name: bucket, size: 8, decoders: [{name: uint}]}]
                - name: exp2_by_parity
                  help: exp2 slots by parity, in a per-CPU array
                  bucket_type: exp2
                  bucket_min: 0
                  bucket_max: 12
                  labels:
                    - {name: parity, size: 4, decoders: [{name: uint}, {name: static_map, static_map: {0: even, 1: odd}}]}
                    - {name: bucket, size: 4, decoders: [{name: uint}]}
            """;
    /** Both ends of many slots of each kind, zero, and values past the top (clamped). */
    private static final long[] VALUES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 15, 16, 17, 19, 20, 21, 31, 32, 33, 63, 64,
        65, 100, 119, 120, 121, 127, 128, 129, 1000, 1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097, 1_000_000,
        1L << 40};

    @Test
    void everyValueIsCountedUnderTheLowestBoundThatHoldsIt() throws Exception {
        ExporterConfig config = new ConfigParser(Decoders.standard().names())
                .parse("histogram-slots", "test:histogram-slots.yaml", CONFIG);
        try (LoadedConfig loaded = new ProgramLoader(KernelFeatures.probe())
                .load(config, "histogram-slots.bpf.o", Files.readAllBytes(OBJECT))) {
            Thread observer = new Thread(HistogramHelpersKernelTest::observeAll, "histslot");
            observer.start();
            observer.join();

            for (MetricSource source : loaded.sources()) {
                boolean linear = source.mapName().startsWith("linear");
                LongUnaryOperator sumUnits = v -> linear ? v / LINEAR_STEP * LINEAR_STEP : v;
                HistogramSnapshot snapshot = (HistogramSnapshot) SnapshotBuilder.of(source.metric(), source.decoder())
                        .build(source.contents().read(), 0).snapshot();
                if (source.mapName().equals("exp2_by_parity")) {
                    assertThat(snapshot.getDataPoints()).hasSize(2);
                    for (HistogramSnapshot.HistogramDataPointSnapshot point : snapshot.getDataPoints()) {
                        long parity = point.getLabels().get("parity").equals("odd") ? 1 : 0;
                        assertHistogramOf(source, point, Arrays.stream(VALUES).filter(v -> (v & 1) == parity).toArray(),
                                sumUnits);
                    }
                } else {
                    assertThat(snapshot.getDataPoints()).hasSize(1);
                    assertHistogramOf(source, snapshot.getDataPoints().get(0), VALUES, sumUnits);
                }
            }
        }
    }

    private static void assertHistogramOf(MetricSource source, HistogramSnapshot.HistogramDataPointSnapshot point,
            long[] values, LongUnaryOperator sumUnits) {
        ClassicHistogramBuckets buckets = point.getClassicBuckets();
        double[] bounds = BucketLayout.of((HistogramConfig) source.metric()).upperBounds();
        assertThat(buckets.size()).isEqualTo(bounds.length);
        long cumulative = 0;
        for (int i = 0; i < buckets.size(); i++) {
            double le = buckets.getUpperBound(i);
            assertThat(le).isEqualTo(bounds[i]);
            cumulative += buckets.getCount(i);
            long expected = Arrays.stream(values).filter(v -> v <= le).count();
            assertThat(cumulative).as("%s%s: values ≤ %s", source.mapName(), point.getLabels(), le).isEqualTo(expected);
        }
        long sum = Arrays.stream(values).map(sumUnits).sum();
        assertThat(point.getSum()).as("%s%s sum", source.mapName(), point.getLabels()).isEqualTo((double) sum);
        assertThat(point.getCount()).isEqualTo(values.length);
    }

    /** getpgid(v) fails for most v (no such process); the tracepoint sees the argument anyway. */
    private static void observeAll() {
        Function syscall = NativeLibrary.getInstance("c").getFunction("syscall");
        for (long v : VALUES) {
            syscall.invokeLong(new Object[] {GETPGID, v});
        }
    }
}
