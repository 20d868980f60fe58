package dev.ebpfexporter.metrics;

import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.function.BiFunction;

/**
 * A counter or gauge series: the u64 sum of the values of the keys whose labels it has, plus what
 * the keys deleted from the map while it lived had counted (counters with {@code idle_timeout}), so
 * that it never goes down.
 */
final class SumSeries<P extends DataPointSnapshot> extends Series<P> {
    private final BiFunction<Long, Labels, P> pointOf;
    private long carried;
    private long sum;
    private P published; // null until the first data point
    private long publishedSum;

    /** @param pointOf the data point of a u64 sum (unsigned) and labels */
    SumSeries(Labels labels, BiFunction<Long, Labels, P> pointOf) {
        super(labels);
        this.pointOf = pointOf;
    }

    /** Adds a u64 value: wraps at 2^64 exactly like the kernel's own counters. */
    void add(long read, long value) {
        feed(read);
        sum += value;
    }

    /** Keeps the last value of a key deleted from the map in this series' later values. */
    void carry(long value) {
        carried += value;
    }

    @Override
    protected void clear() {
        sum = carried;
    }

    @Override
    P dataPoint() {
        if (published == null || sum != publishedSum) {
            published = pointOf.apply(sum, labels());
            publishedSum = sum;
        }
        return published;
    }
}
