package dev.ebpfexporter.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/** A counter series: the u64 sum of the values of the keys whose labels it has. */
final class CounterSeries extends Series<CounterDataPointSnapshot> {
    private long sum;
    private CounterDataPointSnapshot published; // null until the first data point
    private long publishedSum;

    CounterSeries(Labels labels) {
        super(labels);
    }

    /** Adds a u64 value: wraps at 2^64 exactly like the kernel's own counters. */
    void add(long read, long value) {
        feed(read);
        sum += value;
    }

    @Override
    protected void clear() {
        sum = 0;
    }

    @Override
    CounterDataPointSnapshot dataPoint() {
        if (published == null || sum != publishedSum) {
            published = new CounterDataPointSnapshot(UnsignedLongs.toDouble(sum), labels(), null, 0);
            publishedSum = sum;
        }
        return published;
    }
}
