package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.config.GaugeConfig;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.config.MetricConfig;
import dev.ebpfexporter.decode.KeyDecoder;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * Turns one read of a metric map into its Prometheus snapshot. The maps hold cumulative values, so
 * the values read are the metric's values; what a builder keeps from earlier reads (each key's
 * decoded series, unchanged data points) only saves work, except what keys deleted by
 * {@link #retireIdle} had counted, which their series keep while they live, and which series
 * {@code max_series} gave to the overflow series. Not thread-safe: one drain thread builds a
 * metric's snapshots.
 */
public sealed interface SnapshotBuilder permits CounterSnapshotBuilder, GaugeSnapshotBuilder, HistogramSnapshotBuilder {
    /**
     * A snapshot plus how many keys were skipped because they could not be decoded, and how many
     * because a decoder dropped their series on purpose ({@code regexp}).
     */
    record Result(MetricSnapshot snapshot, long decodeMisses, long droppedKeys) {}

    static SnapshotBuilder of(MetricConfig metric, KeyDecoder decoder) {
        return of(metric, decoder, Optional.empty());
    }

    /**
     * @param decoder decodes the map's keys into the values of the labels before the cpu label
     * @param cpuLabel present when the metric has a series per CPU of a per-CPU map: then its last
     *     label is that label, not part of the key
     */
    static SnapshotBuilder of(MetricConfig metric, KeyDecoder decoder, Optional<CpuLabel> cpuLabel) {
        List<LabelConfig> keyLabels = metric.labels().subList(0, metric.labels().size() - (cpuLabel.isPresent() ? 1 : 0));
        List<String> labelNames = keyLabels.stream().map(LabelConfig::name).toList();
        ValueColumn column = new ValueColumn(metric.field().index(), cpuLabel);
        if (metric instanceof HistogramConfig histogram) {
            // The config guarantees a last key label (the bucket slot) and valid, unique label names.
            return new HistogramSnapshotBuilder(histogram,
                    column.labelNames(labelNames.subList(0, labelNames.size() - 1)), decoder, column);
        }
        List<String> seriesLabelNames = column.labelNames(labelNames);
        if (metric instanceof GaugeConfig gauge) {
            return new GaugeSnapshotBuilder(gauge, seriesLabelNames, decoder, column);
        }
        return new CounterSnapshotBuilder((CounterConfig) metric, seriesLabelNames, decoder, column);
    }

    /** The metric's name in the snapshot metadata (see {@link MetricNames#snapshotName}). */
    String snapshotName();

    /**
     * @param overflow the u64 read from the map's {@code _overflow} counter, 0 when it has none
     */
    Result build(MapContents contents, long overflow);

    /**
     * Deletes from the map the keys whose values the last {@code idleReads} builds found unchanged
     * (see {@link KeyCache#retireIdle}).
     *
     * @return how many keys were deleted
     */
    int retireIdle(long idleReads, KeyDeleter deleter) throws BpfException;

    /** Keys whose label set found the metric at its {@code max_series} and went to the overflow series. */
    long keysOverLimit();
}
