package dev.ebpfexporter.metrics;

import static dev.ebpfexporter.metrics.Samples.value;
import static dev.ebpfexporter.metrics.TestMaps.DECODER;
import static dev.ebpfexporter.metrics.TestMaps.contents;
import static dev.ebpfexporter.metrics.TestMaps.counter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapType;
import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.HistogramBuckets;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.config.SeriesLimits;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** max_series and idle_timeout: series stay bounded while every count stays in some series. */
class SeriesBoundsTest {
    private static final SeriesLimits TWO_SERIES = new SeriesLimits(OptionalInt.of(2), Optional.empty());
    private static final SeriesLimits IDLE = new SeriesLimits(OptionalInt.empty(), Optional.of(Duration.ofSeconds(2)));
    private static final Duration INTERVAL = Duration.ofSeconds(1); // IDLE: keys unchanged over 2 drains go
    private static final String OVERFLOW = SeriesTable.OVERFLOW_LABEL_VALUE;

    @Test
    void labelSetsBeyondMaxSeriesAreSummedIntoTheOverflowSeriesWithTheKernelsOverflow() {
        SnapshotBuilder faults = SnapshotBuilder.of(counter("faults_total", TWO_SERIES, "comm"), DECODER);

        SnapshotBuilder.Result result = faults.build(contents("a", 1L, "b", 2L, "c", 3L, "d", 4L), 5);

        assertThat(values(result.snapshot())).isEqualTo(Map.of("a", 1.0, "b", 2.0, OVERFLOW, 12.0));
        assertThat(faults.keysOverLimit()).isEqualTo(2);
    }

    @Test
    void aKeyCountedInOverflowStaysThereAndRoomFreedByAGoneSeriesGoesToTheNextNewLabelSet() {
        SnapshotBuilder faults = SnapshotBuilder.of(counter("faults_total", TWO_SERIES, "comm"), DECODER);
        faults.build(contents("a", 1L, "b", 2L, "c", 3L), 0);

        // a is gone: its series leaves when this read ends, so d still finds the table full.
        MetricSnapshot second = faults.build(contents("b", 2L, "c", 4L, "d", 5L), 0).snapshot();
        MetricSnapshot third = faults.build(contents("b", 2L, "c", 4L, "d", 6L, "e", 7L), 0).snapshot();

        assertThat(values(second)).isEqualTo(Map.of("b", 2.0, OVERFLOW, 9.0));
        assertThat(values(third)).isEqualTo(Map.of("b", 2.0, "e", 7.0, OVERFLOW, 10.0));
        assertThat(faults.keysOverLimit()).isEqualTo(2); // c and d, each once
    }

    @Test
    void anIdleKeyIsDeletedWithItsLastCountKeptInASeriesOtherKeysStillFeed() throws BpfException {
        SnapshotBuilder faults = SnapshotBuilder.of(counter("faults_total", IDLE, "comm"), DECODER);
        FakeHashMap map = new FakeHashMap(16);
        map.increment("x#1", 3);
        map.increment("x#2", 1);
        map.increment("y", 2);
        for (int drain = 1; drain <= 2; drain++) {
            map.increment("x#2", 1);
            faults.build(map.read(), 0);
            assertThat(faults.retireIdle(2, map)).isZero();
        }
        map.increment("x#2", 1);
        assertThat(values(faults.build(map.read(), 0).snapshot())).isEqualTo(Map.of("x", 7.0, "y", 2.0));
        map.increment("x#1", 10); // lands between the read and the delete: the delete returns it

        assertThat(faults.retireIdle(2, map)).isEqualTo(2); // x#1 and y
        Map<String, Double> after = values(faults.build(map.read(), 0).snapshot());

        assertThat(map.size()).isEqualTo(1);
        assertThat(after).as("x keeps x#1's count, y left with its only key").isEqualTo(Map.of("x", 17.0));
    }

    @Test
    void aHistogramKeepsTheBucketCountsOfItsDeletedSlotKeys() throws BpfException {
        HistogramConfig latency = new HistogramConfig("latency_seconds", "Help",
                new HistogramBuckets.SlotRange(BucketType.EXP2, 0, 2), 1, List.of(label("op"), label("bucket")),
                OptionalInt.empty(), IDLE);
        SnapshotBuilder builder = SnapshotBuilder.of(latency, DECODER);
        FakeHashMap map = new FakeHashMap(16);
        map.increment("read,0", 4);
        map.increment("read,3", 40); // the sum slot
        for (int drain = 1; drain <= 3; drain++) {
            map.increment("read,1", 1);
            builder.build(map.read(), 0);
            builder.retireIdle(2, map);
        }

        HistogramSnapshot after = (HistogramSnapshot) builder.build(map.read(), 0).snapshot();

        assertThat(map.size()).as("read,0 and the sum slot deleted").isEqualTo(1);
        HistogramSnapshot.HistogramDataPointSnapshot point = after.getDataPoints().get(0);
        assertThat(point.getCount()).isEqualTo(7);
        assertThat(point.getSum()).isEqualTo(40);
        assertThat(point.getClassicBuckets().getCount(0)).isEqualTo(4);
    }

    @Test
    void theSelfMetricsCountDeletedKeysAndKeysOverTheLimit() {
        FakeHashMap map = new FakeHashMap(16);
        map.increment("a", 1);
        map.increment("b", 1);
        map.increment("c", 1);
        SeriesLimits both = new SeriesLimits(OptionalInt.of(1), Optional.of(Duration.ofSeconds(1)));
        DrainLoop loop = new DrainLoop(List.of(new MetricSource("cfg", counter("faults_total", both, "comm"), DECODER,
                map, map, Optional.empty(), 16, MapType.HASH)), List.of(), Map.of("cfg", true), INTERVAL);

        loop.drainNow();
        loop.drainNow();

        assertThat(value(loop.latest(), SelfMetrics.MAP_KEYS_RETIRED, "config", "cfg", "map", "faults_total"))
                .isEqualTo(3);
        assertThat(value(loop.latest(), SelfMetrics.SERIES_OVER_LIMIT, "config", "cfg", "metric", "faults_total"))
                .isEqualTo(2);
        assertThat(map.size()).isZero();
    }

    /**
     * A million distinct keys pass through a map of 8,192 entries, 1,000 new ones a drain, each
     * counting over two drains and then idle: the map never fills, the series exposed stay as many
     * as the keys in the map, and at every drain the values exposed plus the last values of the
     * series that left add up to every increment made (what {@code sum(rate())} relies on).
     */
    @Test
    void aMillionDistinctKeysKeepTheMapAndTheSeriesBoundedAndEveryCountExposed() {
        FakeHashMap map = new FakeHashMap(8192);
        DrainLoop loop = new DrainLoop(List.of(new MetricSource("cfg", counter("churn_total", IDLE, "key"), DECODER,
                map, map, Optional.of(map.overflowCounter()), 8192, MapType.HASH)), List.of(), Map.of("cfg", true),
                INTERVAL);
        int perDrain = 1_000;
        long incremented = 0;
        double countedByGoneSeries = 0;
        Map<String, Double> exposed = new HashMap<>();
        int mostSeries = 0;
        int mostEntries = 0;
        for (int drain = 0; drain < 1_000 + 4; drain++) {
            for (int i = 0; i < perDrain && drain < 1_000; i++) {
                long by = i % 7 + 1;
                map.increment("k" + (drain * perDrain + i), by); // a new key
                incremented += by;
            }
            for (int i = 0; i < perDrain && drain > 0 && drain <= 1_000; i++) {
                map.increment("k" + ((drain - 1) * perDrain + i), 1); // last drain's keys, once more
                incremented++;
            }
            loop.drainNow();
            Map<String, Double> now = values(loop.latest(), "ebpf_exporter_churn");
            for (Map.Entry<String, Double> previous : exposed.entrySet()) {
                if (!now.containsKey(previous.getKey())) {
                    countedByGoneSeries += previous.getValue();
                }
            }
            exposed = now;
            double total = countedByGoneSeries + now.values().stream().mapToDouble(Double::doubleValue).sum();
            assertThat(total).as("drain %d: exposed + gone vs incremented", drain).isEqualTo(incremented);
            DrainStatus.Metric status = loop.status().metrics().get(0);
            mostSeries = Math.max(mostSeries, status.series());
            mostEntries = Math.max(mostEntries, status.entries().orElseThrow());
        }

        assertThat(map.overflow()).as("increments that found the map full").isZero();
        assertThat(map.deletes()).isEqualTo(1_000_000);
        assertThat(exposed).isEmpty();
        assertThat(mostEntries).as("keys in the map at most").isLessThanOrEqualTo(4 * perDrain);
        assertThat(mostSeries).as("series exposed at most").isLessThanOrEqualTo(4 * perDrain);
        System.out.printf("1M keys: at most %d keys in the map and %d series%n", mostEntries, mostSeries);
    }

    private static LabelConfig label(String name) {
        return new LabelConfig(name, 4, 0, List.of(new DecoderConfig("uint", Map.of(), false, List.of())));
    }

    /** A one-label counter's values by label value; none when the snapshots do not have it. */
    private static Map<String, Double> values(MetricSnapshots snapshots, String name) {
        return snapshots.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .map(SeriesBoundsTest::values).orElse(Map.of());
    }

    /** A one-label counter's values by label value. */
    private static Map<String, Double> values(MetricSnapshot snapshot) {
        return ((CounterSnapshot) snapshot).getDataPoints().stream().collect(Collectors.toMap(
                point -> point.getLabels().getValue(0), CounterDataPointSnapshot::getValue));
    }
}
