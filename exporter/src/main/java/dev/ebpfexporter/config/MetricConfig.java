package dev.ebpfexporter.config;

import java.util.List;
import java.util.OptionalInt;

/** What counters and histograms share: the map named {@code name} feeds metric ebpf_exporter_{@code name}. */
public sealed interface MetricConfig permits CounterConfig, HistogramConfig {
    /** The key size of a map whose metric has no labels: one u32, always 0 (ebpf_exporter's rule). */
    int UNLABELLED_KEY_SIZE = 4;

    String name();

    String help();

    List<LabelConfig> labels();

    /** Overrides the map's max_entries before load (an extension over ebpf_exporter's format). */
    OptionalInt maxEntries();

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
