package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.decode.KeyDecoder;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongToDoubleFunction;

/**
 * A counter map: one series per decoded label set ({@link SumTable}). Increments the
 * kernel could not store because the map was full (its {@code _overflow} counter) become one more
 * series whose label values all read {@value SeriesTable#OVERFLOW_LABEL_VALUE}, so sums over the metric stay
 * exact (a counter without labels adds them to its single series). With {@code skip_zeros}, series
 * whose value is 0 are left out of the snapshot (they stay in the table, fed by their keys as
 * always), so a series appears once something was counted in it. Label sets beyond
 * {@code max_series} go to that overflow series too, and keys idle for {@code idle_timeout} are deleted from the map, their counts kept in
 * their series.
 *
 * <p>When every label is an enumeration ({@link KeyDecoder#labelValuesKnownAhead}: a
 * {@code static_map} without {@code allow_unknown}, the host's NUMA nodes), each combination of
 * their values (and each CPU, under a cpu label) is a series from the first read on, at 0 until a
 * key feeds it, so {@code rate()} and {@code increase()} see the first events. At most
 * {@value #MAX_SEEDED_SERIES} combinations: a larger cross product is not seeded (its series appear
 * with their keys, as any other). {@code skip_zeros} asks for the opposite, so it seeds nothing;
 * nor does {@code max_series}, whose series go to label sets in the order keys bring them.
 *
 * <p>With {@code value_multiplier}, each series serves its u64 sum times the multiplier, computed
 * as a histogram's {@code _sum} is ({@link DecimalMultiplier}).
 */
final class CounterSnapshotBuilder implements SnapshotBuilder {
    static final int MAX_SEEDED_SERIES = 1024;

    private final String name;
    private final LastSnapshot<CounterDataPointSnapshot, CounterSnapshot> snapshot;
    private final SumTable<CounterDataPointSnapshot> series;
    private final boolean skipZeros;
    /** Series fed 0 by every read: they stay in the table from the first read on. */
    private final List<SumSeries<CounterDataPointSnapshot>> seeded = new ArrayList<>();
    private long reads;

    /** @param labelNames the series' labels: the key's, then the cpu label when {@code column} has one */
    CounterSnapshotBuilder(CounterConfig counter, List<String> labelNames, KeyDecoder decoder, ValueColumn column) {
        this.name = MetricNames.snapshotName(counter);
        MetricMetadata metadata = CounterSnapshot.builder().name(name).help(counter.help()).build().getMetadata();
        this.snapshot = new LastSnapshot<>(points -> new CounterSnapshot(metadata, points));
        LongToDoubleFunction valueOf = counter.valueMultiplier() == 1 ? UnsignedLongs::toDouble
                : new DecimalMultiplier(counter.valueMultiplier())::times;
        this.series = new SumTable<>(labelNames, decoder, column,
                (sum, labels) -> new CounterDataPointSnapshot(valueOf.applyAsDouble(sum), labels, null, 0),
                counter.seriesLimits().maxSeries());
        this.skipZeros = counter.skipZeros();
        if (!skipZeros && counter.seriesLimits().maxSeries().isEmpty()) {
            for (List<String> labelSet : labelSetsKnownAhead(decoder)) {
                for (int slot = 0; slot < column.width(); slot++) {
                    seeded.add(series.get(column.labelValues(labelSet, slot)));
                }
            }
        }
    }

    @Override
    public String snapshotName() {
        return name;
    }

    @Override
    public Result build(MapContents contents, long overflow) {
        long read = ++reads;
        seeded.forEach(counter -> counter.add(read, 0));
        KeyCache.Skipped skipped = series.add(read, contents);
        if (overflow != 0) {
            series.overflow().add(read, overflow);
        }
        List<CounterDataPointSnapshot> points = series.endRead(read);
        if (skipZeros) {
            points.removeIf(point -> point.getValue() == 0);
        }
        return skipped.with(snapshot.of(points));
    }

    @Override
    public int retireIdle(long idleReads, KeyDeleter deleter) throws BpfException {
        return series.retireIdle(idleReads, deleter);
    }

    @Override
    public long keysOverLimit() {
        return series.overLimit();
    }

    /** Every combination of the labels' known values, when there are some and not too many. */
    private static List<List<String>> labelSetsKnownAhead(KeyDecoder decoder) {
        Optional<List<List<String>>> known = decoder.labelValuesKnownAhead();
        if (known.isEmpty()) {
            return List.of();
        }
        long combinations = 1;
        for (List<String> values : known.get()) {
            combinations *= values.size(); // at most 1024 × 2^31 before the check: no overflow
            if (combinations > MAX_SEEDED_SERIES) {
                return List.of();
            }
        }
        List<List<String>> labelSets = List.of(List.of());
        for (List<String> values : known.get()) {
            List<List<String>> longer = new ArrayList<>(labelSets.size() * values.size());
            for (List<String> prefix : labelSets) {
                for (String value : values) {
                    List<String> labelSet = new ArrayList<>(prefix);
                    labelSet.add(value);
                    longer.add(labelSet);
                }
            }
            labelSets = longer;
        }
        return labelSets;
    }
}
