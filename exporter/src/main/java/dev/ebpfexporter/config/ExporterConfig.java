package dev.ebpfexporter.config;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One parsed {@code <name>.yaml}: the metrics it declares and where its YAML and object came from.
 * At least one metric; metric and map names are unique within the config ({@link MetricsConfig}).
 *
 * @param name the config name (file name without .yaml)
 * @param source where the YAML was read from, for error messages (a path, or bundled:name.yaml)
 * @param kaddrs kernel symbols whose addresses are written into the object's {@code kaddr_<symbol>}
 *     globals before load
 * @param cgroupIdMap the map the exporter keeps filled with the ids of matching cgroups
 * @param unsupported one log-ready line per ebpf_exporter feature the YAML uses that this exporter
 *     accepts but does not implement (tracing, ...)
 */
public record ExporterConfig(
        String name,
        String source,
        List<CounterConfig> counters,
        List<GaugeConfig> gauges,
        List<HistogramConfig> histograms,
        List<String> kaddrs,
        Optional<CgroupIdMapConfig> cgroupIdMap,
        List<String> unsupported) {
    public ExporterConfig {
        counters = List.copyOf(counters);
        gauges = List.copyOf(gauges);
        histograms = List.copyOf(histograms);
        kaddrs = List.copyOf(kaddrs);
        unsupported = List.copyOf(unsupported);
        if (counters.isEmpty() && gauges.isEmpty() && histograms.isEmpty()) {
            throw new InvalidField("metrics", "declares no counters, gauges or histograms");
        }
        for (int i = 0; i < kaddrs.size(); i++) {
            // Each becomes the C global kaddr_<symbol>.
            MetricRules.identifier("kaddrs[" + i + "]", kaddrs.get(i), "a kernel symbol name");
        }
    }

    /** A config without gauges, kaddrs or cgroup_id_map. */
    public ExporterConfig(String name, String source, List<CounterConfig> counters, List<HistogramConfig> histograms,
            List<String> unsupported) {
        this(name, source, counters, List.of(), histograms, List.of(), Optional.empty(), unsupported);
    }

    public List<MetricConfig> metrics() {
        return Stream.of(counters, gauges, histograms).flatMap(List::stream).map(MetricConfig.class::cast).toList();
    }
}
