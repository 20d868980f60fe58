package dev.ebpfexporter.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Optional;

/** Reads single counter or gauge samples out of published snapshots. */
final class Samples {
    private Samples() {}

    /** The sample of metric {@code name} (snapshot name) with exactly these labels, if present. */
    static Optional<Double> find(MetricSnapshots snapshots, String name, String... labels) {
        Labels wanted = Labels.of(labels);
        return snapshots.stream()
                .filter(s -> s.getMetadata().getName().equals(name))
                .flatMap(s -> s.getDataPoints().stream())
                .filter(p -> p.getLabels().equals(wanted))
                .findFirst()
                .map(Samples::valueOf);
    }

    static double value(MetricSnapshots snapshots, String name, String... labels) {
        return find(snapshots, name, labels).orElseThrow(
                () -> new AssertionError("no sample " + name + Labels.of(labels) + " in " + names(snapshots)));
    }

    static boolean hasMetric(MetricSnapshots snapshots, String name) {
        return snapshots.stream().anyMatch(s -> s.getMetadata().getName().equals(name));
    }

    private static String names(MetricSnapshots snapshots) {
        return snapshots.stream().map(MetricSnapshot::getMetadata).map(m -> m.getName()).toList().toString();
    }

    private static double valueOf(DataPointSnapshot point) {
        if (point instanceof CounterDataPointSnapshot counter) {
            return counter.getValue();
        }
        return ((GaugeDataPointSnapshot) point).getValue();
    }
}
