package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.decode.DecodeException;
import dev.ebpfexporter.decode.KeyDecoder;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.util.List;
import java.util.Optional;

/**
 * A histogram map: keys are grouped by every label but the last, which is the bucket slot (an
 * unsigned decimal, as the {@code uint} decoder writes it); {@link BucketLayout} places each slot.
 * Every bucket is exposed for every series, missing slots counting zero, so the view stays
 * consistent. Exp2 and exp2zero histograms whose buckets are exactly native schema-0 buckets
 * ({@link NativeBucketLayout}) carry them too, for scrapers that negotiate protobuf. A key whose slot is not an unsigned integer is a decode miss. Keys with the same
 * labels and slot add up.
 *
 * <p>An {@code _overflow} counter is not folded in: the helper adds both bucket counts and the
 * sum slot's values to it, so it cannot be split back into a count; it is only exported as
 * {@code ebpf_exporter_map_overflow_total}.
 */
final class HistogramSnapshotBuilder implements SnapshotBuilder {
    private final String name;
    private final LastSnapshot<HistogramDataPointSnapshot, HistogramSnapshot> snapshot;
    private final BucketLayout layout;
    private final SeriesTable<HistogramDataPointSnapshot, HistogramSeries> series;
    private final KeyCache<Slot> keys;
    private long reads;

    private final ValueColumn column;

    /**
     * Where a key's value goes: a series (by slot of {@link #column}) and one of its buckets, or
     * {@link HistogramSeries#SUM}.
     */
    private record Slot(HistogramSeries[] series, int bucket) {}

    /** @param seriesLabelNames the key's labels but the bucket, then the cpu label when {@code column} has one */
    HistogramSnapshotBuilder(HistogramConfig histogram, List<String> seriesLabelNames, KeyDecoder decoder,
            ValueColumn column) {
        this.name = MetricNames.snapshotName(histogram);
        MetricMetadata metadata = HistogramSnapshot.builder().name(name).help(histogram.help()).build().getMetadata();
        this.snapshot = new LastSnapshot<>(points -> new HistogramSnapshot(metadata, points));
        this.layout = BucketLayout.of(histogram);
        double[] upperBounds = layout.upperBounds();
        Optional<NativeBucketLayout> nativeLayout = NativeBucketLayout.of(histogram, upperBounds);
        this.series = new SeriesTable<>(seriesLabelNames,
                labels -> new HistogramSeries(labels, layout, upperBounds, nativeLayout),
                histogram.seriesLimits().maxSeries());
        this.column = column;
        int keySeriesLabelCount = seriesLabelNames.size() - (column.cpuLabel().isPresent() ? 1 : 0);
        this.keys = new KeyCache<>(key -> slotOf(key, decoder, keySeriesLabelCount));
    }

    @Override
    public String snapshotName() {
        return name;
    }

    @Override
    public Result build(MapContents contents, long overflow) {
        long read = ++reads;
        KeyCache.Skipped skipped = keys.read(contents, (slot, i) -> {
            for (int s = 0; s < slot.series().length; s++) {
                slot.series()[s].add(read, slot.bucket(), column.value(contents, i, s));
            }
        });
        return skipped.with(snapshot.of(series.endRead(read)));
    }

    /** A metric with idle_timeout sums over CPUs (the loader refuses it under a cpu label): one series a key. */
    @Override
    public int retireIdle(long idleReads, KeyDeleter deleter) throws BpfException {
        return keys.retireIdle(idleReads, deleter, (slot, value) -> slot.series()[0].carry(slot.bucket(), value));
    }

    @Override
    public long keysOverLimit() {
        return series.overLimit();
    }

    /**
     * Where a key's value goes; null when it does not decode into the series labels plus a slot
     * that is an unsigned integer.
     */
    private Slot slotOf(byte[] key, KeyDecoder decoder, int seriesLabelCount) throws DecodeException {
        List<String> labelValues = decoder.decode(key);
        if (labelValues.size() != seriesLabelCount + 1) {
            return null;
        }
        long slot;
        try {
            slot = Long.parseUnsignedLong(labelValues.get(seriesLabelCount));
        } catch (NumberFormatException e) {
            return null;
        }
        int bucket = layout.isSumSlot(slot) ? HistogramSeries.SUM : layout.bucketIndexOf(slot);
        HistogramSeries[] perSlot = new HistogramSeries[column.width()];
        for (int s = 0; s < perSlot.length; s++) {
            perSlot[s] = series.get(column.labelValues(labelValues.subList(0, seriesLabelCount), s));
        }
        return new Slot(perSlot, bucket);
    }
}
