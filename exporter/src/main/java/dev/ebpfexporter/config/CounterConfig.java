package dev.ebpfexporter.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * @param skipZeros an extension over ebpf_exporter's format: series whose value is 0 are not
 *     exposed. For counters in array maps, where every index exists from the start and an untouched
 *     one means what a missing key means in a hash map (nothing counted yet), but exposing them all
 *     would make hundreds of series of zeros (one per syscall number).
 */
public record CounterConfig(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries,
        boolean skipZeros) implements MetricConfig {
    public CounterConfig {
        labels = List.copyOf(labels);
    }

    /** A counter that exposes every series, zeros included (ebpf_exporter's behaviour). */
    public CounterConfig(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries) {
        this(name, help, labels, maxEntries, false);
    }

    @Override
    public CounterConfig withLabels(List<LabelConfig> labels) {
        return new CounterConfig(name, help, labels, maxEntries, skipZeros);
    }
}
