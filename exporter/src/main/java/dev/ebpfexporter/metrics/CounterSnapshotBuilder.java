package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.decode.KeyDecoder;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.util.Collections;
import java.util.List;

/**
 * A counter map: one series per decoded label set ({@link SumTable}). Increments the
 * kernel could not store because the map was full (its {@code _overflow} counter) become one more
 * series whose label values all read {@value #OVERFLOW_LABEL_VALUE}, so sums over the metric stay
 * exact (a counter without labels adds them to its single series). With {@code skip_zeros}, series
 * whose value is 0 are left out of the snapshot (they stay in the table, fed by their keys as
 * always), so a series appears once something was counted in it.
 */
final class CounterSnapshotBuilder implements SnapshotBuilder {
    static final String OVERFLOW_LABEL_VALUE = "[overflow]";

    private final String name;
    private final LastSnapshot<CounterDataPointSnapshot, CounterSnapshot> snapshot;
    private final List<String> overflowLabelValues;
    private final SumTable<CounterDataPointSnapshot> series;
    private final boolean skipZeros;
    private long reads;

    /** @param labelNames the series' labels: the key's, then the cpu label when {@code column} has one */
    CounterSnapshotBuilder(CounterConfig counter, List<String> labelNames, KeyDecoder decoder, ValueColumn column) {
        this.name = MetricNames.snapshotName(counter);
        MetricMetadata metadata = CounterSnapshot.builder().name(name).help(counter.help()).build().getMetadata();
        this.snapshot = new LastSnapshot<>(points -> new CounterSnapshot(metadata, points));
        this.overflowLabelValues = Collections.nCopies(labelNames.size(), OVERFLOW_LABEL_VALUE);
        this.series = new SumTable<>(labelNames, decoder, column,
                (value, labels) -> new CounterDataPointSnapshot(value, labels, null, 0));
        this.skipZeros = counter.skipZeros();
    }

    @Override
    public String snapshotName() {
        return name;
    }

    @Override
    public Result build(MapContents contents, long overflow) {
        long read = ++reads;
        long decodeMisses = series.add(read, contents);
        if (overflow != 0) {
            series.get(overflowLabelValues).add(read, overflow);
        }
        List<CounterDataPointSnapshot> points = series.endRead(read);
        if (skipZeros) {
            points.removeIf(point -> point.getValue() == 0);
        }
        return new Result(snapshot.of(points), decodeMisses);
    }
}
