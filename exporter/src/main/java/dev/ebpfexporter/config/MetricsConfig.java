package dev.ebpfexporter.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A config's {@code metrics} as the YAML writes it. Each metric's map is looked up by name in the
 * object and each metric is exposed by name, so no two entries share a map and no name is used twice
 * (a values entry's map name included).
 */
record MetricsConfig(List<CounterEntry> counters, List<GaugeEntry> gauges, List<HistogramConfig> histograms) {
    MetricsConfig {
        counters = List.copyOf(counters);
        gauges = List.copyOf(gauges);
        histograms = List.copyOf(histograms);
        Map<String, String> firstUse = new HashMap<>();
        claimAll(firstUse, "counters", counters);
        claimAll(firstUse, "gauges", gauges);
        for (int i = 0; i < histograms.size(); i++) {
            claim(firstUse, histograms.get(i).name(), "histograms[" + i + "].name");
        }
    }

    boolean isEmpty() {
        return counters.isEmpty() && gauges.isEmpty() && histograms.isEmpty();
    }

    List<CounterConfig> counterConfigs() {
        return counters.stream().flatMap(entry -> entry.metrics().stream()).toList();
    }

    List<GaugeConfig> gaugeConfigs() {
        return gauges.stream().flatMap(entry -> entry.metrics().stream()).toList();
    }

    private static void claimAll(Map<String, String> firstUse, String list, List<? extends MapEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String entry = list + "[" + i + "].";
            claim(firstUse, entries.get(i).map(), entry + "name");
            if (entries.get(i).valued()) {
                List<? extends MetricConfig> metrics = entries.get(i).metrics();
                for (int v = 0; v < metrics.size(); v++) {
                    claim(firstUse, metrics.get(v).name(), entry + "values[" + v + "].name");
                }
            }
        }
    }

    private static void claim(Map<String, String> firstUse, String name, String path) {
        String first = firstUse.putIfAbsent(name, path);
        if (first != null) {
            throw new InvalidField(path, "(\"" + name + "\") is already used by metrics." + first);
        }
    }
}
