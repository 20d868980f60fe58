package dev.ebpfexporter.metrics;

import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * One exposed series of a drained metric, kept across drains while map keys feed it: its
 * {@link Labels} are built and validated once, and its data point is rebuilt only when its values
 * change. The values are those of one read: the first value a read adds starts from zero.
 */
abstract class Series<P extends DataPointSnapshot> {
    private final Labels labels;
    private long read = -1; // the last read that fed this series

    Series(Labels labels) {
        this.labels = labels;
    }

    Labels labels() {
        return labels;
    }

    boolean fedIn(long read) {
        return this.read == read;
    }

    /** Subclasses call this before adding a value of read {@code read}. */
    protected final void feed(long read) {
        if (this.read != read) {
            this.read = read;
            clear();
        }
    }

    /** Forgets the values of the previous read, keeping those carried from deleted keys. */
    protected abstract void clear();

    /** The data point for this read's values; the previous one again when they are unchanged. */
    abstract P dataPoint();
}
