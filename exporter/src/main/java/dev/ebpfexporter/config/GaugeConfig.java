package dev.ebpfexporter.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A gauge map (an extension over ebpf_exporter's format): each value is a level the program sets
 * (a queue depth, bytes in use), exposed as a gauge: no {@code _total}, and free to go down.
 */
public record GaugeConfig(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries,
        ValueField field) implements MetricConfig {
    public GaugeConfig {
        labels = List.copyOf(labels);
        MetricRules.check(name, help, labels, maxEntries);
        Objects.requireNonNull(field, "field");
    }

    /** A gauge reading its own map's u64 values. */
    public GaugeConfig(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries) {
        this(name, help, labels, maxEntries, ValueField.whole(name));
    }

    @Override
    public GaugeConfig withLabels(List<LabelConfig> labels) {
        return new GaugeConfig(name, help, labels, maxEntries, field);
    }
}
