package dev.ebpfexporter.metrics;

import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The series of one metric, by label values, kept across drains in the order of their
 * {@link Labels}: the order a snapshot sorts its data points in, so the snapshot's own sort finds
 * them sorted and costs one comparison per series. Series that a read did not feed are dropped
 * when it ends, so the table holds only the series of the last read.
 */
final class SeriesTable<P extends DataPointSnapshot, S extends Series<P>> {
    private static final Comparator<Series<?>> BY_LABELS = Comparator.comparing(Series::labels);

    private final List<String> labelNames;
    private final Function<Labels, S> newSeries;
    private final Map<List<String>, S> byLabelValues = new HashMap<>();
    private final List<S> ordered = new ArrayList<>();
    private boolean added;

    /** @param labelNames validated already: each series' Labels are built from them */
    SeriesTable(List<String> labelNames, Function<Labels, S> newSeries) {
        this.labelNames = List.copyOf(labelNames);
        this.newSeries = newSeries;
    }

    /** The series with these label values (one per label name, in the same order), made on first use. */
    S get(List<String> labelValues) {
        S series = byLabelValues.get(labelValues);
        if (series == null) {
            List<String> values = List.copyOf(labelValues);
            series = newSeries.apply(Labels.of(labelNames, values));
            byLabelValues.put(values, series);
            ordered.add(series);
            added = true;
        }
        return series;
    }

    /**
     * Ends read {@code read}: drops the series it did not feed and returns the data points of the
     * others, sorted by labels.
     */
    List<P> endRead(long read) {
        if (ordered.removeIf(series -> !series.fedIn(read))) {
            byLabelValues.values().removeIf(series -> !series.fedIn(read));
        }
        if (added) {
            // New series sit at the end: TimSort merges them into the sorted run in O(n + k log k).
            ordered.sort(BY_LABELS);
            added = false;
        }
        List<P> points = new ArrayList<>(ordered.size());
        ordered.forEach(series -> points.add(series.dataPoint()));
        return points;
    }
}
