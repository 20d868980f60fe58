package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.MapContents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which u64s of a map entry feed a metric: u64 {@code field} of each value, as one series per CPU
 * under the cpu label, or summed over CPUs into one series per key. A key's series are numbered by
 * slot: the CPU number when split, else the single slot 0.
 */
record ValueColumn(int field, Optional<CpuLabel> cpuLabel) {
    /** How many series a key feeds. */
    int width() {
        return cpuLabel.map(cpu -> cpu.valuesByCpu().size()).orElse(1);
    }

    /** The series' label names: the key's, then the cpu label's. */
    List<String> labelNames(List<String> keyLabelNames) {
        return cpuLabel.map(cpu -> append(keyLabelNames, cpu.name())).orElse(keyLabelNames);
    }

    /** The label values of a key's series in {@code slot}. */
    List<String> labelValues(List<String> keyLabelValues, int slot) {
        return cpuLabel.map(cpu -> append(keyLabelValues, cpu.valuesByCpu().get(slot))).orElse(keyLabelValues);
    }

    /**
     * The value entry {@code i} gives its series in {@code slot}; the map was read with as many
     * CPUs as the label has values (both are the possible CPUs).
     */
    long value(MapContents contents, int i, int slot) {
        return cpuLabel.isPresent() ? contents.value(i, slot, field) : contents.sum(i, field);
    }

    private static List<String> append(List<String> list, String last) {
        List<String> appended = new ArrayList<>(list.size() + 1);
        appended.addAll(list);
        appended.add(last);
        return appended;
    }
}
