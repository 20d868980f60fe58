package dev.ebpfexporter.metrics;

import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The series of one metric, by label values, kept across drains in the order of their
 * {@link Labels}: the order a snapshot sorts its data points in, so the snapshot's own sort finds
 * them sorted and costs one comparison per series. Series that a read did not feed are dropped
 * when it ends, so the table holds only the series of the last read.
 *
 * <p>With {@code max_series}, a label set first asked for when the table already holds that many
 * series (the overflow series aside) gets the overflow series instead, whose label values all read
 * {@value #OVERFLOW_LABEL_VALUE}, as for increments the kernel found no room for: sums over the
 * metric stay exact. Room freed by a dropped series goes to label sets asked for afterwards; what a
 * key already counts in the overflow series stays there while the caller keeps that answer.
 */
final class SeriesTable<P extends DataPointSnapshot, S extends Series<P>> {
    static final String OVERFLOW_LABEL_VALUE = "[overflow]";
    private static final Comparator<Series<?>> BY_LABELS = Comparator.comparing(Series::labels);

    private final List<String> labelNames;
    private final Function<Labels, S> newSeries;
    private final OptionalInt maxSeries;
    private final List<String> overflowLabelValues;
    private final Map<List<String>, S> byLabelValues = new HashMap<>();
    private final List<S> ordered = new ArrayList<>();
    private boolean added;
    private long overLimit;

    /**
     * @param labelNames validated already: each series' Labels are built from them
     * @param maxSeries the most series besides the overflow series; empty for no limit
     */
    SeriesTable(List<String> labelNames, Function<Labels, S> newSeries, OptionalInt maxSeries) {
        this.labelNames = List.copyOf(labelNames);
        this.newSeries = newSeries;
        this.maxSeries = maxSeries;
        this.overflowLabelValues = Collections.nCopies(labelNames.size(), OVERFLOW_LABEL_VALUE);
    }

    /**
     * The series with these label values (one per label name, in the same order), made on first
     * use; the overflow series when a new one would pass {@code max_series}.
     */
    S get(List<String> labelValues) {
        S series = byLabelValues.get(labelValues);
        if (series != null) {
            return series;
        }
        if (maxSeries.isPresent() && limitedSeries() >= maxSeries.getAsInt()) {
            overLimit++;
            return overflow();
        }
        return add(List.copyOf(labelValues));
    }

    /** The series whose label values all read {@value #OVERFLOW_LABEL_VALUE}, made on first use. */
    S overflow() {
        S series = byLabelValues.get(overflowLabelValues);
        return series != null ? series : add(overflowLabelValues);
    }

    /** Label sets that found the table at {@code max_series} and got the overflow series, since start. */
    long overLimit() {
        return overLimit;
    }

    private S add(List<String> values) {
        S series = newSeries.apply(Labels.of(labelNames, values));
        byLabelValues.put(values, series);
        ordered.add(series);
        added = true;
        return series;
    }

    /** The series that count towards max_series: all but the overflow series. */
    private int limitedSeries() {
        return byLabelValues.size() - (byLabelValues.containsKey(overflowLabelValues) ? 1 : 0);
    }

    /** How many series the table holds, the overflow series included. */
    int size() {
        return byLabelValues.size();
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
