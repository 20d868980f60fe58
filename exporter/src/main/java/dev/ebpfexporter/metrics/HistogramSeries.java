package dev.ebpfexporter.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Arrays;
import java.util.Optional;

/**
 * A histogram series: per-bucket counts (u64, not cumulative) and the raw sum, filled slot by slot,
 * plus what the slot keys deleted from the map while it lived had counted, so that it never goes
 * down.
 */
final class HistogramSeries extends Series<HistogramDataPointSnapshot> {
    /** The bucket index of the sum slot's values. */
    static final int SUM = -1;

    private final BucketLayout layout;
    private final double[] upperBounds;
    private final Optional<NativeBucketLayout> nativeLayout;
    private final long[] counts;
    private long rawSum;
    private long[] carriedCounts; // null until a key is deleted
    private long carriedRawSum;
    private HistogramDataPointSnapshot published; // null until the first data point
    private final long[] publishedCounts;
    private long publishedRawSum;

    /**
     * @param upperBounds {@code layout}'s bounds, shared by the metric's series and never changed
     * @param nativeLayout where the buckets also go as a native histogram, when they all land exactly
     */
    HistogramSeries(Labels labels, BucketLayout layout, double[] upperBounds, Optional<NativeBucketLayout> nativeLayout) {
        super(labels);
        this.layout = layout;
        this.upperBounds = upperBounds;
        this.nativeLayout = nativeLayout;
        this.counts = new long[upperBounds.length];
        this.publishedCounts = new long[upperBounds.length];
    }

    /** @param bucket a bucket index of the layout, or {@link #SUM} */
    void add(long read, int bucket, long value) {
        feed(read);
        if (bucket == SUM) {
            rawSum += value;
        } else {
            counts[bucket] += value;
        }
    }

    /** Keeps the last value of a deleted key of bucket {@code bucket} (or {@link #SUM}) in later values. */
    void carry(int bucket, long value) {
        if (bucket == SUM) {
            carriedRawSum += value;
            return;
        }
        if (carriedCounts == null) {
            carriedCounts = new long[counts.length];
        }
        carriedCounts[bucket] += value;
    }

    @Override
    protected void clear() {
        if (carriedCounts == null) {
            Arrays.fill(counts, 0);
        } else {
            System.arraycopy(carriedCounts, 0, counts, 0, counts.length);
        }
        rawSum = carriedRawSum;
    }

    @Override
    HistogramDataPointSnapshot dataPoint() {
        if (published == null || rawSum != publishedRawSum || !Arrays.equals(counts, publishedCounts)) {
            long[] saturated = saturatedCounts();
            HistogramDataPointSnapshot.Builder point = HistogramDataPointSnapshot.builder()
                    .labels(labels())
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, saturated))
                    // Always set: without a sum the OpenMetrics writer drops _count and _sum.
                    .sum(layout.scaleSum(rawSum));
            // The text writers serve the classic buckets; the protobuf writer serves both.
            nativeLayout.ifPresent(buckets -> buckets.addTo(point, saturated));
            published = point.build();
            System.arraycopy(counts, 0, publishedCounts, 0, counts.length);
            publishedRawSum = rawSum;
        }
        return published;
    }

    /**
     * The model keeps counts as signed longs and rejects negative ones: counts whose running total
     * would pass 2^63 − 1 (only garbage values get there) are saturated, so one bad map cannot fail
     * the drain.
     */
    private long[] saturatedCounts() {
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
