package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.GaugeConfig;
import dev.ebpfexporter.decode.KeyDecoder;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.util.List;
import java.util.OptionalInt;

/**
 * A gauge map: its values are levels the program sets (queue depth, bytes in use), not counts, so
 * they are exposed as they are, as gauges, one series per decoded label set ({@link SumTable}:
 * keys decoding to the same labels, and CPUs without a cpu label, add up). An {@code _overflow}
 * counter is not folded in: a level that could not be stored has no place in a sum of levels; it
 * is exported as {@code ebpf_exporter_map_overflow_total} only.
 */
final class GaugeSnapshotBuilder implements SnapshotBuilder {
    private final String name;
    private final LastSnapshot<GaugeDataPointSnapshot, GaugeSnapshot> snapshot;
    private final SumTable<GaugeDataPointSnapshot> series;
    private long reads;

    /** @param labelNames the series' labels: the key's, then the cpu label when {@code column} has one */
    GaugeSnapshotBuilder(GaugeConfig gauge, List<String> labelNames, KeyDecoder decoder, ValueColumn column) {
        this.name = MetricNames.snapshotName(gauge);
        MetricMetadata metadata = GaugeSnapshot.builder().name(name).help(gauge.help()).build().getMetadata();
        this.snapshot = new LastSnapshot<>(points -> new GaugeSnapshot(metadata, points));
        this.series = new SumTable<>(labelNames, decoder, column,
                (sum, labels) -> new GaugeDataPointSnapshot(UnsignedLongs.toDouble(sum), labels, null, 0),
                OptionalInt.empty());
    }

    @Override
    public String snapshotName() {
        return name;
    }

    @Override
    public Result build(MapContents contents, long overflow) {
        long read = ++reads;
        KeyCache.Skipped skipped = series.add(read, contents);
        return skipped.with(snapshot.of(series.endRead(read)));
    }

    /** Gauges have no idle_timeout: a deleted level carried in its series would stay forever. */
    @Override
    public int retireIdle(long idleReads, KeyDeleter deleter) {
        throw new UnsupportedOperationException(name + ": gauges have no idle_timeout");
    }

    /** Gauges have no max_series. */
    @Override
    public long keysOverLimit() {
        return 0;
    }
}
