package dev.ebpfexporter.metrics;

import static dev.ebpfexporter.metrics.TestMaps.DECODER;
import static dev.ebpfexporter.metrics.TestMaps.contents;
import static dev.ebpfexporter.metrics.TestMaps.counter;
import static dev.ebpfexporter.metrics.TestMaps.histogram;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.config.MetricConfig;
import dev.ebpfexporter.config.SeriesLimits;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A builder keeps each key's decoded series and each unchanged data point from drain to drain:
 * every drain must still give exactly the snapshot a builder that never saw the map gives.
 */
class SnapshotBuilderAcrossDrainsTest {
    private static final MetricConfig PAGE_FAULTS = counter("page_faults_total", "kind", "comm");
    /** exp2, bucket_min 1, bucket_max 4: le 2, 4, 8 µs and +Inf; sum slot 5. */
    private static final MetricConfig LATENCY =
            histogram("latency_seconds", BucketType.EXP2, 1, 4, 0.000001, List.of(), "op", "bucket");

    private final SnapshotBuilder pageFaults = SnapshotBuilder.of(PAGE_FAULTS, DECODER);
    private final SnapshotBuilder latency = SnapshotBuilder.of(LATENCY, DECODER);

    @Test
    void aChangedValueIsExposedAndUnchangedDataPointsAreReused() {
        CounterSnapshot first = counterOf(pageFaults.build(contents("user,bash", 5L, "user,vim", 7L), 0));
        CounterSnapshot second = counterOf(pageFaults.build(contents("user,bash", 6L, "user,vim", 7L), 0));

        assertThat(text(second)).isEqualTo(fresh(PAGE_FAULTS, contents("user,bash", 6L, "user,vim", 7L), 0));
        assertThat(point(second, "user", "bash").getValue()).isEqualTo(6);
        assertThat(point(second, "user", "vim")).isSameAs(point(first, "user", "vim"));
        assertThat(point(second, "user", "bash")).isNotSameAs(point(first, "user", "bash"));
    }

    @Test
    void aSnapshotIsReusedOnlyWhileNoSeriesChangedCameOrWent() {
        MetricSnapshot first = pageFaults.build(contents("user,bash", 5L, "user,vim", 7L), 0).snapshot();
        MetricSnapshot same = pageFaults.build(contents("user,vim", 7L, "user,bash", 5L), 0).snapshot();
        MetricSnapshot changed = pageFaults.build(contents("user,vim", 8L, "user,bash", 5L), 0).snapshot();
        MetricSnapshot fewer = pageFaults.build(contents("user,vim", 8L), 0).snapshot();
        MetricSnapshot more = pageFaults.build(contents("user,vim", 8L, "kernel,vim", 0L), 0).snapshot();

        assertThat(same).isSameAs(first);
        assertThat(List.of(changed, fewer, more)).doesNotContain(first).doesNotHaveDuplicates();
        assertThat(text(more)).isEqualTo(fresh(PAGE_FAULTS, contents("user,vim", 8L, "kernel,vim", 0L), 0));
    }

    @Test
    void aKeyThatDisappearsTakesItsShareOfTheSeriesWithIt() {
        pageFaults.build(contents("user,bash#1", 5L, "user,bash#2", 7L, "kernel,bash", 3L), 0);
        SnapshotBuilder.Result result = pageFaults.build(contents("user,bash#2", 7L), 0);

        assertThat(text(result.snapshot())).isEqualTo(fresh(PAGE_FAULTS, contents("user,bash#2", 7L), 0));
        assertThat(counterOf(result).getDataPoints()).extracting(DataPointSnapshot::getLabels)
                .containsExactly(Labels.of("kind", "user", "comm", "bash"));
    }

    @Test
    void aKeyThatComesBackAfterBeingGoneCountsAgain() {
        pageFaults.build(contents("user,bash", 5L), 0);
        pageFaults.build(contents(), 0);
        SnapshotBuilder.Result result = pageFaults.build(contents("user,bash", 9L), 0);

        assertThat(point(counterOf(result), "user", "bash").getValue()).isEqualTo(9);
    }

    @Test
    void anUndecodableKeyIsAMissOnEveryDrainItIsIn() {
        assertThat(pageFaults.build(contents("user,!bad", 1L, "user,bash", 2L), 0).decodeMisses()).isEqualTo(1);
        assertThat(pageFaults.build(contents("user,bash", 2L, "user,!bad", 1L), 0).decodeMisses()).isEqualTo(1);
        SnapshotBuilder.Result gone = pageFaults.build(contents("user,bash", 2L), 0);

        assertThat(gone.decodeMisses()).isZero();
        assertThat(text(gone.snapshot())).isEqualTo(fresh(PAGE_FAULTS, contents("user,bash", 2L), 0));
    }

    @Test
    void theOverflowSeriesFollowsTheOverflowCounter() {
        pageFaults.build(contents("user,bash", 2L), 0);
        CounterSnapshot overflowed = counterOf(pageFaults.build(contents("user,bash", 2L), 3));
        CounterSnapshot cleared = counterOf(pageFaults.build(contents("user,bash", 2L), 0));

        assertThat(point(overflowed, "[overflow]", "[overflow]").getValue()).isEqualTo(3);
        assertThat(cleared.getDataPoints()).hasSize(1);
    }

    /**
     * An array map's slots: every key in every read, most of them 0. With skip_zeros a slot is
     * exposed from the first drain that reads it non-zero on, though its key decoded (at 0) long
     * before.
     */
    @Test
    void skipZerosHidesAZeroSeriesUntilItsKeyCountsSomething() {
        SnapshotBuilder syscalls = SnapshotBuilder.of(new CounterConfig("syscalls_total", "Help",
                PAGE_FAULTS.labels(), OptionalInt.empty(), true, SeriesLimits.NONE), DECODER);

        CounterSnapshot idle = counterOf(syscalls.build(contents("read,x", 0L, "write,x", 4L, "open,x", 0L), 0));
        CounterSnapshot later = counterOf(syscalls.build(contents("read,x", 0L, "write,x", 4L, "open,x", 2L), 0));

        assertThat(idle.getDataPoints()).extracting(p -> p.getLabels().get("kind")).containsExactly("write");
        assertThat(later.getDataPoints()).extracting(p -> p.getLabels().get("kind")).containsExactly("open", "write");
        assertThat(point(later, "open", "x").getValue()).isEqualTo(2);
        assertThat(counterOf(pageFaults.build(contents("user,bash", 0L), 0)).getDataPoints())
                .as("zeros are exposed without skip_zeros").hasSize(1);
    }

    @Test
    void aNewSeriesIsPlacedInLabelOrder() {
        pageFaults.build(contents("user,b", 1L, "user,d", 1L), 0);
        CounterSnapshot snapshot = counterOf(pageFaults.build(contents("user,e", 1L, "user,b", 1L, "user,a", 1L,
                "user,d", 1L, "user,c", 1L), 0));

        assertThat(snapshot.getDataPoints()).extracting(p -> p.getLabels().get("comm"))
                .containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void histogramBucketsFollowChangedAndVanishedKeys() {
        latency.build(contents("read,1", 2L, "read,2", 3L, "read,5", 100L, "write,2", 1L), 0);
        MapContents second = contents("read,1", 2L, "read,2", 4L, "read,5", 108L);
        HistogramSnapshot snapshot = (HistogramSnapshot) latency.build(second, 0).snapshot();

        assertThat(text(snapshot)).isEqualTo(fresh(LATENCY, second, 0));
        assertThat(snapshot.getDataPoints()).singleElement().satisfies(read -> {
            assertThat(read.getClassicBuckets().getCount(1)).isEqualTo(4);
            assertThat(read.getSum()).isEqualTo(0.000108);
        });
    }

    @Test
    void unchangedHistogramDataPointsAreReused() {
        HistogramSnapshot first = (HistogramSnapshot) latency.build(contents("read,1", 2L, "write,1", 1L), 0).snapshot();
        HistogramSnapshot second = (HistogramSnapshot) latency.build(contents("read,1", 2L, "write,1", 2L), 0).snapshot();

        assertThat(second.getDataPoints().get(0)).isSameAs(first.getDataPoints().get(0));
        assertThat(second.getDataPoints().get(1)).isNotSameAs(first.getDataPoints().get(1));
        assertThat(second.getDataPoints().get(1).getCount()).isEqualTo(2);
    }

    /**
     * Many drains of a map whose keys come, go, move, change value and fail to decode, as a real
     * map's do: each drain equals a first drain of the same contents by a new builder.
     */
    @Test
    void everyDrainEqualsAFirstDrainOfTheSameContents() {
        Random random = new Random(5);
        List<String> counterKeys = new ArrayList<>();
        List<String> histogramKeys = new ArrayList<>();
        for (int drain = 0; drain < 300; drain++) {
            mutate(counterKeys, random, () -> pick(random, "user", "kernel") + "," + pick(random, "a", "b", "!c", "d")
                    + "#" + random.nextInt(3));
            mutate(histogramKeys, random, () -> pick(random, "read", "write") + "," + random.nextInt(8)
                    + "#" + random.nextInt(2));
            MapContents counters = withValues(counterKeys, random);
            MapContents histograms = withValues(histogramKeys, random);
            long overflow = random.nextInt(4) == 0 ? random.nextLong() : 0;

            SnapshotBuilder.Result counted = pageFaults.build(counters, overflow);
            SnapshotBuilder.Result bucketed = latency.build(histograms, 0);

            assertThat(text(counted.snapshot())).as("drain %d", drain).isEqualTo(fresh(PAGE_FAULTS, counters, overflow));
            assertThat(counted.decodeMisses()).isEqualTo(SnapshotBuilder.of(PAGE_FAULTS, DECODER).build(counters, overflow).decodeMisses());
            assertThat(text(bucketed.snapshot())).as("drain %d", drain).isEqualTo(fresh(LATENCY, histograms, 0));
        }
    }

    /** Removes, adds and swaps a few keys, as inserts and deletes move keys in a kernel hash map. */
    private static void mutate(List<String> keys, Random random, Supplier<String> newKey) {
        for (int change = random.nextInt(4); change > 0; change--) {
            int op = random.nextInt(3);
            if (op == 0 && !keys.isEmpty()) {
                keys.remove(random.nextInt(keys.size()));
            } else if (op == 1 && keys.size() > 1) {
                Collections.swap(keys, random.nextInt(keys.size()), random.nextInt(keys.size()));
            } else {
                String key = newKey.get();
                if (!keys.contains(key)) {
                    keys.add(random.nextInt(keys.size() + 1), key);
                }
            }
        }
    }

    /** The keys in order, most keeping a small value, some a large or negative (≥ 2^63) one. */
    private static MapContents withValues(List<String> keys, Random random) {
        Object[] keysAndValues = new Object[2 * keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            keysAndValues[2 * i] = keys.get(i);
            keysAndValues[2 * i + 1] = random.nextInt(5) == 0 ? random.nextLong() : (long) keys.get(i).length();
        }
        return contents(keysAndValues);
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** The text exposition of a first drain of {@code contents} by a builder that never saw the map. */
    private static String fresh(MetricConfig metric, MapContents contents, long overflow) {
        return text(SnapshotBuilder.of(metric, DECODER).build(contents, overflow).snapshot());
    }

    private static String text(MetricSnapshot snapshot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, MetricSnapshots.of(snapshot));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(UTF_8);
    }

    private static CounterSnapshot counterOf(SnapshotBuilder.Result result) {
        return (CounterSnapshot) result.snapshot();
    }

    private static CounterSnapshot.CounterDataPointSnapshot point(CounterSnapshot snapshot, String kind, String comm) {
        Labels labels = Labels.of("kind", kind, "comm", comm);
        return snapshot.getDataPoints().stream().filter(p -> p.getLabels().equals(labels)).findFirst().orElseThrow();
    }
}
