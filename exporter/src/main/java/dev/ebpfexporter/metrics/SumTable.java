package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.decode.DecodeException;
import dev.ebpfexporter.decode.KeyDecoder;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BiFunction;

/**
 * The series of a counter or gauge map: one per decoded label set (and CPU, under a cpu label),
 * the sum of the values of every key that decodes to it (a decoder that drops bytes, a static map
 * with shared names), up to {@code max_series} series (see {@link SeriesTable}).
 */
final class SumTable<P extends DataPointSnapshot> {
    private final SeriesTable<P, SumSeries<P>> series;
    private final KeyCache<List<SumSeries<P>>> keys;
    private final ValueColumn column;

    /**
     * @param labelNames the series' labels: the key's, then the cpu label when {@code column} has one
     * @param pointOf the data point of a u64 sum (unsigned) and labels
     * @param maxSeries the most series besides the overflow series; empty for no limit
     */
    SumTable(List<String> labelNames, KeyDecoder decoder, ValueColumn column, BiFunction<Long, Labels, P> pointOf,
            OptionalInt maxSeries) {
        this.series = new SeriesTable<>(labelNames, labels -> new SumSeries<>(labels, pointOf), maxSeries);
        this.column = column;
        int keyLabelCount = labelNames.size() - (column.cpuLabel().isPresent() ? 1 : 0);
        this.keys = new KeyCache<>(key -> seriesOf(key, decoder, keyLabelCount));
    }

    /**
     * Adds the values of {@code contents}, read number {@code read}, to their series.
     *
     * @return the keys that fed no series: undecodable, or dropped on purpose
     */
    KeyCache.Skipped add(long read, MapContents contents) {
        return keys.read(contents, (sums, i) -> {
            for (int slot = 0; slot < sums.size(); slot++) {
                sums.get(slot).add(read, column.value(contents, i, slot));
            }
        });
    }

    /**
     * The series with these label values, made on first use; the overflow series when a new one
     * would pass {@code max_series}.
     */
    SumSeries<P> get(List<String> labelValues) {
        return series.get(labelValues);
    }

    /** The series whose label values all read {@value SeriesTable#OVERFLOW_LABEL_VALUE}, made on first use. */
    SumSeries<P> overflow() {
        return series.overflow();
    }

    /**
     * Deletes the keys idle for {@code idleReads} reads ({@link KeyCache#retireIdle}); each one's
     * last value stays in its series. A metric with idle_timeout sums over CPUs (the loader refuses
     * it under a cpu label), so a key feeds one series.
     *
     * @return how many keys were deleted
     */
    int retireIdle(long idleReads, KeyDeleter deleter) throws BpfException {
        return keys.retireIdle(idleReads, deleter, (sums, value) -> sums.get(0).carry(value));
    }

    /** Label sets that found the table at {@code max_series} and went to the overflow series, since start. */
    long overLimit() {
        return series.overLimit();
    }

    /** Ends read {@code read}: the data points of the series it fed, sorted by labels. */
    List<P> endRead(long read) {
        return series.endRead(read);
    }

    /**
     * The series a key feeds, by slot of {@link #column}; null when it decodes to other than
     * {@code labelCount} values.
     *
     * @throws DecodeException when it cannot be decoded, or is dropped on purpose ({@code SeriesDropped})
     */
    private List<SumSeries<P>> seriesOf(byte[] key, KeyDecoder decoder, int labelCount) throws DecodeException {
        List<String> labelValues = decoder.decode(key);
        if (labelValues.size() != labelCount) {
            return null;
        }
        List<SumSeries<P>> sums = new ArrayList<>(column.width());
        for (int slot = 0; slot < column.width(); slot++) {
            sums.add(series.get(column.labelValues(labelValues, slot)));
        }
        return sums;
    }
}
