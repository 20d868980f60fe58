package dev.ebpfexporter.metrics;

import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.function.Function;

/**
 * A metric's last snapshot, handed out again while a drain's data points are the very objects it
 * holds (no series changed, came or went): a snapshot is immutable, so it is that drain's snapshot.
 * Making a new one would sort and compare every data point again, the largest cost of draining
 * many series.
 */
final class LastSnapshot<P extends DataPointSnapshot, M extends MetricSnapshot> {
    private final Function<List<P>, M> newSnapshot;
    private M last; // null before the first drain

    /** @param newSnapshot makes a snapshot of data points sorted by labels */
    LastSnapshot(Function<List<P>, M> newSnapshot) {
        this.newSnapshot = newSnapshot;
    }

    /** The snapshot of {@code points}, sorted by labels as the model sorts them. */
    M of(List<P> points) {
        if (last == null || !sameObjects(last.getDataPoints(), points)) {
            last = newSnapshot.apply(points);
        }
        return last;
    }

    private static boolean sameObjects(List<? extends DataPointSnapshot> published, List<? extends DataPointSnapshot> points) {
        if (published.size() != points.size()) {
            return false;
        }
        for (int i = 0; i < points.size(); i++) {
            if (published.get(i) != points.get(i)) {
                return false;
            }
        }
        return true;
    }
}
