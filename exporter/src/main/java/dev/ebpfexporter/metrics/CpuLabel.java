package dev.ebpfexporter.metrics;

import java.util.List;

/**
 * The cpu label of a metric read from a per-CPU map: its value for each possible CPU, index = CPU
 * number, decoded once when the config loads.
 */
public record CpuLabel(String name, List<String> valuesByCpu) {
    public CpuLabel {
        valuesByCpu = List.copyOf(valuesByCpu);
        if (valuesByCpu.isEmpty()) {
            throw new IllegalArgumentException("a cpu label needs a value for at least one CPU");
        }
    }
}
