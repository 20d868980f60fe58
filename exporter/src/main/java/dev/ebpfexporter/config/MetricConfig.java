package dev.ebpfexporter.config;

import java.util.List;
import java.util.OptionalInt;

/** What counters, gauges and histograms share: the map named {@code name} feeds metric ebpf_exporter_{@code name}. */
public sealed interface MetricConfig permits CounterConfig, GaugeConfig, HistogramConfig {
    /** The key size of a map whose metric has no labels: one u32, always 0 (ebpf_exporter's rule). */
    int UNLABELLED_KEY_SIZE = 4;

    /** The name of the label that, last in a per-CPU map's metric, holds the CPU (ebpf_exporter's rule). */
    String CPU_LABEL = "cpu";

    String name();

    String help();

    List<LabelConfig> labels();

    /** Overrides the map's max_entries before load (an extension over ebpf_exporter's format). */
    OptionalInt maxEntries();

    /**
     * {@code max_series} and {@code idle_timeout} (extensions over ebpf_exporter's format); gauges
     * have none: their values are levels, which neither an overflow series nor a deleted key's
     * carried value would keep right.
     */
    default SeriesLimits seriesLimits() {
        return SeriesLimits.NONE;
    }

    /** The map and the u64 of its values that the metric reads. */
    default ValueField field() {
        return ValueField.whole(name());
    }

    /** The same metric with other labels. */
    MetricConfig withLabels(List<LabelConfig> labels);

    /**
     * Whether, read from a per-CPU map, the metric has a series per CPU: its last label is named
     * {@value #CPU_LABEL} (ebpf_exporter's rule). That label is then not part of the map key: its
     * bytes are the CPU number as a u16 in host byte order, which its decoders turn into the label
     * value. Otherwise a per-CPU map's values are summed over CPUs.
     */
    default boolean splitsCpus(boolean perCpuMap) {
        return perCpuMap && !labels().isEmpty() && labels().get(labels().size() - 1).name().equals(CPU_LABEL);
    }

    /** The labels cut from the map key: all of them, but for the cpu label of a per-CPU map. */
    default List<LabelConfig> keyLabels(boolean perCpuMap) {
        return splitsCpus(perCpuMap) ? labels().subList(0, labels().size() - 1) : labels();
    }

    /**
     * Bytes of map key the labels cover: sizes plus paddings. A metric without labels has the
     * single key u32 0, as in ebpf_exporter, so its key is 4 bytes.
     */
    default int keySize() {
        if (labels().isEmpty()) {
            return UNLABELLED_KEY_SIZE;
        }
        return labels().stream().mapToInt(l -> l.size() + l.padding()).sum();
    }
}
