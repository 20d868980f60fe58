package dev.ebpfexporter.metrics;

import static dev.ebpfexporter.metrics.TestMaps.DECODER;
import static dev.ebpfexporter.metrics.TestMaps.contents;
import static dev.ebpfexporter.metrics.TestMaps.counter;
import static dev.ebpfexporter.metrics.TestMaps.histogram;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.config.BucketType;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotBuilderTest {
    private static final long TWO_TO_62 = 1L << 62;

    private final SnapshotBuilder pageFaults = SnapshotBuilder.of(counter("page_faults_total", "kind", "comm"), DECODER);

    /** exp2, bucket_min 1, bucket_max 4, in µs exposed as seconds: le 2, 4, 8 µs and +Inf; sum slot 5. */
    private final SnapshotBuilder latency = SnapshotBuilder.of(
            histogram("latency_seconds", BucketType.EXP2, 1, 4, 0.000001, List.of(), "op", "bucket"), DECODER);

    @Test
    void namesDropTotalAndKeepHelp() {
        CounterSnapshot snapshot = counterOf(pageFaults.build(contents(), 0));

        assertThat(pageFaults.snapshotName()).isEqualTo("ebpf_exporter_page_faults");
        assertThat(snapshot.getMetadata().getName()).isEqualTo("ebpf_exporter_page_faults");
        assertThat(snapshot.getMetadata().getHelp()).isEqualTo("Help for page_faults_total");
        assertThat(snapshot.getDataPoints()).isEmpty();
    }

    @Test
    void nameWithoutTotalIsKept() {
        assertThat(SnapshotBuilder.of(counter("syscalls", "id"), DECODER).snapshotName())
                .isEqualTo("ebpf_exporter_syscalls");
    }

    @Test
    void keysDecodingToTheSameLabelsAreSummed() {
        SnapshotBuilder.Result result = pageFaults.build(contents(
                "user,bash#1", 5L,
                "user,bash#2", 7L,
                "kernel,bash", 3L,
                "user,bash#3", 0L), 0);

        assertThat(values(counterOf(result))).containsExactly(
                Map.entry("{comm=\"bash\",kind=\"kernel\"}", 3.0),
                Map.entry("{comm=\"bash\",kind=\"user\"}", 12.0));
        assertThat(result.decodeMisses()).isZero();
    }

    @Test
    void valuesAreUnsigned() {
        SnapshotBuilder.Result result = pageFaults.build(contents(
                "user,max", -1L, // 2^64 − 1
                "user,half", Long.MIN_VALUE, // 2^63
                "user,sum#1", TWO_TO_62, // 2^62 + 2^62 = 2^63: negative as a signed long
                "user,sum#2", TWO_TO_62), 0);

        assertThat(values(counterOf(result))).containsExactly(
                Map.entry("{comm=\"half\",kind=\"user\"}", 9223372036854775808.0),
                Map.entry("{comm=\"max\",kind=\"user\"}", 18446744073709551616.0),
                Map.entry("{comm=\"sum\",kind=\"user\"}", 9223372036854775808.0));
    }

    @Test
    void undecodableKeysAreSkippedAndCounted() {
        SnapshotBuilder.Result result = pageFaults.build(contents(
                "user,bash", 5L,
                "user,!bad", 100L,
                "user,!worse", 100L,
                "only-one-label", 100L, // the decoder's answer has the wrong size
                "kernel,bash", 3L), 0);

        assertThat(values(counterOf(result))).containsExactly(
                Map.entry("{comm=\"bash\",kind=\"kernel\"}", 3.0),
                Map.entry("{comm=\"bash\",kind=\"user\"}", 5.0));
        assertThat(result.decodeMisses()).isEqualTo(3);
    }

    @Test
    void droppedKeysFeedNoSeriesAndAreCountedApartFromMisses() {
        SnapshotBuilder.Result result = pageFaults.build(contents(
                "user,bash", 5L,
                "user,~cron", 100L,
                "user,!bad", 100L,
                "kernel,~cron", 100L), 0);

        assertThat(values(counterOf(result))).containsExactly(Map.entry("{comm=\"bash\",kind=\"user\"}", 5.0));
        assertThat(result.decodeMisses()).isEqualTo(1);
        assertThat(result.droppedKeys()).isEqualTo(2);
    }

    @Test
    void droppedHistogramKeysFeedNoBucketAndAreCounted() {
        SnapshotBuilder.Result result = latency.build(contents("read,1", 2L, "~write,1", 7L, "~write,2", 1L), 0);

        assertThat(histogramOf(result).getDataPoints()).singleElement()
                .satisfies(point -> assertThat(point.getLabels().equals(Labels.of("op", "read"))).isTrue())
                .satisfies(point -> assertThat(point.getCount()).isEqualTo(2));
        assertThat(result.droppedKeys()).isEqualTo(2);
        assertThat(result.decodeMisses()).isZero();
    }

    @Test
    void overflowBecomesOneSeriesWithOverflowLabels() {
        SnapshotBuilder.Result result = pageFaults.build(contents("user,bash", 5L), 4);

        assertThat(values(counterOf(result))).containsExactly(
                Map.entry("{comm=\"[overflow]\",kind=\"[overflow]\"}", 4.0),
                Map.entry("{comm=\"bash\",kind=\"user\"}", 5.0));
    }

    @Test
    void overflowIsUnsigned() {
        SnapshotBuilder.Result result = pageFaults.build(contents(), -2L); // 2^64 − 2

        assertThat(values(counterOf(result))).containsExactly(
                Map.entry("{comm=\"[overflow]\",kind=\"[overflow]\"}", 18446744073709551616.0));
    }

    @Test
    void noOverflowSeriesWhenNothingOverflowed() {
        SnapshotBuilder.Result result = pageFaults.build(contents("user,bash", 5L), 0);

        assertThat(values(counterOf(result))).containsOnlyKeys("{comm=\"bash\",kind=\"user\"}");
    }

    @Test
    void slotsBecomeBucketsPerLabelSet() {
        SnapshotBuilder.Result result = latency.build(contents(
                "read,0", 1L, // below bucket_min: counted in le 2 µs
                "read,1", 2L,
                "read,2", 3L,
                // slot 3 missing: zero
                "read,4", 4L, // clamped top slot: +Inf only
                "read,5", 1234L, // sum slot: 1234 µs
                "read,9", 5L, // above the sum slot: +Inf only
                "write,2", 10L,
                "write,5", 40L), 0);

        HistogramSnapshot snapshot = histogramOf(result);
        assertThat(snapshot.getMetadata().getName()).isEqualTo("ebpf_exporter_latency_seconds");
        assertThat(snapshot.getMetadata().getHelp()).isEqualTo("Help for latency_seconds");
        assertThat(snapshot.getDataPoints()).hasSize(2);

        HistogramDataPointSnapshot read = point(snapshot, Labels.of("op", "read"));
        // per bucket (not cumulative): le 2µs = 1 + 2, le 4µs = 3, le 8µs = 0, +Inf = 4 + 5
        assertThat(buckets(read)).containsExactly(
                Map.entry(0.000002, 3L), Map.entry(0.000004, 3L), Map.entry(0.000008, 0L),
                Map.entry(Double.POSITIVE_INFINITY, 9L));
        assertThat(read.getCount()).isEqualTo(15); // every slot but the sum slot
        assertThat(read.getSum()).isEqualTo(0.001234);

        HistogramDataPointSnapshot write = point(snapshot, Labels.of("op", "write"));
        assertThat(buckets(write)).containsExactly(
                Map.entry(0.000002, 0L), Map.entry(0.000004, 10L), Map.entry(0.000008, 0L),
                Map.entry(Double.POSITIVE_INFINITY, 0L));
        assertThat(write.getCount()).isEqualTo(10);
        assertThat(write.getSum()).isEqualTo(0.00004);
        assertThat(result.decodeMisses()).isZero();
    }

    @Test
    void keysWithTheSameLabelsAndSlotAreSummed() {
        HistogramDataPointSnapshot read = point(histogramOf(latency.build(contents(
                "read,2#cpu0", 3L,
                "read,2#cpu1", 4L,
                "read,5#cpu0", 10L,
                "read,5#cpu1", 20L), 0)), Labels.of("op", "read"));

        assertThat(read.getClassicBuckets().getCount(1)).isEqualTo(7);
        assertThat(read.getSum()).isEqualTo(0.00003);
    }

    @Test
    void aSeriesWithOnlyASumHasEmptyBuckets() {
        HistogramDataPointSnapshot read = point(histogramOf(latency.build(contents("read,5", 8L), 0)),
                Labels.of("op", "read"));

        assertThat(read.getCount()).isZero();
        assertThat(read.getSum()).isEqualTo(0.000008);
    }

    @Test
    void slotsThatAreNotUnsignedIntegersAreDecodeMisses() {
        SnapshotBuilder.Result result = latency.build(contents(
                "read,2", 1L,
                "read,two", 1L,
                "read,-1", 1L,
                "read,!", 1L,
                "read", 1L), 0);

        assertThat(result.decodeMisses()).isEqualTo(4);
        assertThat(histogramOf(result).getDataPoints()).hasSize(1);
    }

    @Test
    void countsAreSaturatedInsteadOfFailingTheDrain() {
        // 2^63 + 2^62 + 2 in three buckets cannot be held by the model's signed long counts.
        HistogramDataPointSnapshot read = point(histogramOf(latency.build(contents(
                "read,1", Long.MIN_VALUE,
                "read,2", TWO_TO_62,
                "read,3", 2L), 0)), Labels.of("op", "read"));

        assertThat(buckets(read)).containsExactly(
                Map.entry(0.000002, Long.MAX_VALUE), Map.entry(0.000004, 0L), Map.entry(0.000008, 0L),
                Map.entry(Double.POSITIVE_INFINITY, 0L));
        assertThat(read.getCount()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void overflowIsNotFoldedIntoHistograms() {
        HistogramSnapshot snapshot = histogramOf(latency.build(contents("read,2", 1L), 7));

        assertThat(snapshot.getDataPoints()).extracting(p -> p.getLabels()).containsExactly(Labels.of("op", "read"));
    }

    @Test
    void histogramWithOnlyTheSlotLabelHasOneUnlabelledSeries() {
        SnapshotBuilder total = SnapshotBuilder.of(
                histogram("sizes", BucketType.LINEAR, 0, 2, 1, List.of(), "bucket"), DECODER);

        HistogramDataPointSnapshot point = point(histogramOf(total.build(contents("0", 1L, "1", 2L, "3", 3L), 0)),
                Labels.EMPTY);

        assertThat(buckets(point)).containsExactly(
                Map.entry(0.0, 1L), Map.entry(1.0, 2L), Map.entry(Double.POSITIVE_INFINITY, 0L));
        assertThat(point.getSum()).isEqualTo(3);
    }

    private static CounterSnapshot counterOf(SnapshotBuilder.Result result) {
        return (CounterSnapshot) result.snapshot();
    }

    private static HistogramSnapshot histogramOf(SnapshotBuilder.Result result) {
        return (HistogramSnapshot) result.snapshot();
    }

    /** Labels (as text) → value, in the snapshot's order. */
    private static Map<String, Double> values(CounterSnapshot snapshot) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (CounterDataPointSnapshot point : snapshot.getDataPoints()) {
            values.put(point.getLabels().toString(), point.getValue());
        }
        return values;
    }

    private static HistogramDataPointSnapshot point(HistogramSnapshot snapshot, Labels labels) {
        return snapshot.getDataPoints().stream().filter(p -> p.getLabels().equals(labels)).findFirst().orElseThrow();
    }

    /** le → count in that bucket alone (the model's counts are not cumulative). */
    private static Map<Double, Long> buckets(HistogramDataPointSnapshot point) {
        Map<Double, Long> buckets = new LinkedHashMap<>();
        for (ClassicHistogramBucket bucket : point.getClassicBuckets()) {
            buckets.put(bucket.getUpperBound(), bucket.getCount());
        }
        return buckets;
    }
}
