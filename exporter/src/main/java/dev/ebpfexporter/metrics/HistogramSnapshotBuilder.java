package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.decode.DecodeException;
import dev.ebpfexporter.decode.KeyDecoder;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A histogram map: keys are grouped by every label but the last, which is the bucket slot (an
 * unsigned decimal, as the {@code uint} decoder writes it); {@link BucketLayout} places each slot.
 * Every bucket is exposed for every series, missing slots counting zero, so the view stays
 * consistent. A key whose slot is not an unsigned integer is a decode miss.
 *
 * <p>An {@code _overflow} counter is not folded in: the helper adds both bucket counts and the
 * sum slot's values to it, so it cannot be split back into a count; it is only exported as
 * {@code ebpf_exporter_map_overflow_total}.
 */
final class HistogramSnapshotBuilder implements SnapshotBuilder {
    private final String name;
    private final String help;
    private final List<String> seriesLabelNames;
    private final BucketLayout layout;
    private final KeyDecoder decoder;

    HistogramSnapshotBuilder(HistogramConfig histogram, List<String> seriesLabelNames, KeyDecoder decoder) {
        this.name = MetricNames.snapshotName(histogram);
        this.help = histogram.help();
        this.seriesLabelNames = List.copyOf(seriesLabelNames);
        this.layout = BucketLayout.of(histogram);
        this.decoder = withSlotCheck(decoder, seriesLabelNames.size());
    }

    @Override
    public String snapshotName() {
        return name;
    }

    @Override
    public Result build(MapContents contents, long overflow) {
        int labelCount = seriesLabelNames.size();
        double[] upperBounds = layout.upperBounds();
        LabelSums labelSums = LabelSums.of(contents, decoder, labelCount + 1);
        Map<List<String>, Series> series = new HashMap<>();
        labelSums.sums().forEach((labelValues, value) -> series
                .computeIfAbsent(labelValues.subList(0, labelCount), k -> new Series(upperBounds.length))
                .add(Long.parseUnsignedLong(labelValues.get(labelCount)), value));

        HistogramSnapshot.Builder snapshot = HistogramSnapshot.builder().name(name).help(help);
        series.forEach((labelValues, s) -> snapshot.dataPoint(HistogramDataPointSnapshot.builder()
                .labels(Labels.of(seriesLabelNames, labelValues))
                .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, s.bucketCounts()))
                // Always set: without a sum the OpenMetrics writer drops _count and _sum.
                .sum(layout.scaleSum(s.rawSum))
                .build()));
        return new Result(snapshot.build(), labelSums.decodeMisses());
    }

    /** Rejects keys whose slot label is not an unsigned integer, so they are counted as misses. */
    private static KeyDecoder withSlotCheck(KeyDecoder decoder, int slotIndex) {
        return key -> {
            List<String> labels = decoder.decode(key);
            if (labels.size() > slotIndex) {
                String slot = labels.get(slotIndex);
                try {
                    Long.parseUnsignedLong(slot);
                } catch (NumberFormatException e) {
                    throw new DecodeException("bucket slot \"" + slot + "\" is not an unsigned integer");
                }
            }
            return labels;
        };
    }

    /** One label set's per-bucket counts (u64, not cumulative) and raw sum, filled slot by slot. */
    private final class Series {
        private final long[] counts;
        private long rawSum;

        Series(int buckets) {
            counts = new long[buckets];
        }

        void add(long slot, long value) {
            if (layout.isSumSlot(slot)) {
                rawSum += value;
            } else {
                counts[layout.bucketIndexOf(slot)] += value;
            }
        }

        /**
         * The model keeps counts as signed longs and rejects negative ones: counts whose running
         * total would pass 2^63 − 1 (only garbage values get there) are saturated, so one bad
         * map cannot fail the drain.
         */
        long[] bucketCounts() {
            long[] saturated = new long[counts.length];
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                long room = Long.MAX_VALUE - total;
                saturated[i] = Long.compareUnsigned(counts[i], room) > 0 ? room : counts[i];
                total += saturated[i];
            }
            return saturated;
        }
    }
}
