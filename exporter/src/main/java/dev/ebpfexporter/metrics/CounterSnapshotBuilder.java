package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.decode.KeyDecoder;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A counter map: one series per decoded label set. Increments the kernel could not store because
 * the map was full (its {@code _overflow} counter) become one more series whose label values all
 * read {@value #OVERFLOW_LABEL_VALUE}, so sums over the metric stay exact (a counter without labels
 * adds them to its single series).
 */
final class CounterSnapshotBuilder implements SnapshotBuilder {
    static final String OVERFLOW_LABEL_VALUE = "[overflow]";

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final KeyDecoder decoder;

    CounterSnapshotBuilder(CounterConfig counter, List<String> labelNames, KeyDecoder decoder) {
        this.name = MetricNames.snapshotName(counter);
        this.help = counter.help();
        this.labelNames = List.copyOf(labelNames);
        this.decoder = decoder;
    }

    @Override
    public String snapshotName() {
        return name;
    }

    @Override
    public Result build(MapContents contents, long overflow) {
        LabelSums labelSums = LabelSums.of(contents, decoder, labelNames.size());
        Map<List<String>, Long> sums = labelSums.sums();
        if (overflow != 0) {
            sums.merge(Collections.nCopies(labelNames.size(), OVERFLOW_LABEL_VALUE), overflow, Long::sum);
        }
        CounterSnapshot.Builder snapshot = CounterSnapshot.builder().name(name).help(help);
        sums.forEach((labelValues, value) -> snapshot.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of(labelNames, labelValues))
                .value(UnsignedLongs.toDouble(value))
                .build()));
        return new Result(snapshot.build(), labelSums.decodeMisses());
    }
}
