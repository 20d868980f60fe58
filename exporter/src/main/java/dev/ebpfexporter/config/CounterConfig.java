package dev.ebpfexporter.config;

import java.util.List;
import java.util.OptionalInt;

public record CounterConfig(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries)
        implements MetricConfig {
    public CounterConfig {
        labels = List.copyOf(labels);
    }
}
