package dev.ebpfexporter.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Parses one config YAML in ebpf_exporter's v2 format into an {@link ExporterConfig}, strictly (see
 * {@link YamlReader}): every error names {@code source:line:column} and the field path. Keys of
 * ebpf_exporter features this exporter does not implement (tracing beside metrics) are accepted so
 * existing configs load unchanged, and listed in {@link ExporterConfig#unsupported()}. Our
 * extensions: {@code max_entries}, {@code skip_zeros} on counters, {@code gauges} and {@code values}.
 * The format is described by {@code docs/config.schema.json}.
 */
public final class ConfigParser {
    private static final YamlReader READER = new YamlReader(Map.of(), Set.of());

    /** ebpf_exporter's tracing exports spans to an OpenTelemetry collector, which this exporter has no part of. */
    private static final String TRACING_IGNORED =
            "is ignored: this exporter does not export ebpf_exporter's spans; the config's metrics run without them";
    private static final String TRACING_ALONE = "is not supported (this exporter does not export ebpf_exporter's"
            + " spans), and this config declares no metrics, so nothing of it would run; leave it out of"
            + " --config.names, or declare metrics";

    /** The document as written; {@link ExporterConfig} is built from it. */
    private record ConfigDocument(Optional<MetricsConfig> metrics, Optional<Object> tracing, List<String> kaddrs,
            Optional<CgroupIdMapConfig> cgroupIdMap) {}

    private final SortedSet<String> knownDecoders;

    /** @param knownDecoders the decoder names labels may use (the decode package's registry) */
    public ConfigParser(Set<String> knownDecoders) {
        this.knownDecoders = Collections.unmodifiableSortedSet(new TreeSet<>(knownDecoders));
    }

    public ExporterConfig parse(ConfigSource source, String name) throws ConfigException {
        return parse(name, source.describe(name), source.readYaml(name));
    }

    /**
     * @param name the config name
     * @param source where {@code yaml} was read from, as error messages should name it
     */
    public ExporterConfig parse(String name, String source, String yaml) throws ConfigException {
        YamlDocument<ConfigDocument> document = READER.read(source, yaml, ConfigDocument.class)
                .orElseThrow(() -> new ConfigException(source + ":1:1: the file is empty"));
        ConfigDocument config = document.value();
        YamlIndex index = document.index();
        if (config.tracing().isPresent() && config.metrics().map(MetricsConfig::isEmpty).orElse(true)) {
            throw index.error("tracing", TRACING_ALONE);
        }
        MetricsConfig metrics = config.metrics().orElseThrow(() -> index.error("metrics", "is required"));
        checkDecoders(index, "metrics.counters", metrics.counters().stream().map(ConfigParser::labels).toList());
        checkDecoders(index, "metrics.gauges", metrics.gauges().stream().map(ConfigParser::labels).toList());
        checkDecoders(index, "metrics.histograms", metrics.histograms().stream().map(MetricConfig::labels).toList());
        List<String> unsupported = new ArrayList<>();
        if (config.tracing().isPresent()) {
            unsupported.add(index.describe("tracing", TRACING_IGNORED));
        }
        try {
            return new ExporterConfig(name, source, metrics.counterConfigs(), metrics.gaugeConfigs(),
                    metrics.histograms(), config.kaddrs(), config.cgroupIdMap(), unsupported);
        } catch (InvalidField e) {
            throw index.error(e.path(), e.problem());
        }
    }

    /** The labels every metric of a map's entry shares. */
    private static List<LabelConfig> labels(MapEntry entry) {
        return entry.metrics().get(0).labels();
    }

    /** Decoder names are the decode registry's, which the records do not know. */
    private void checkDecoders(YamlIndex index, String path, List<List<LabelConfig>> labelsOfEntries)
            throws ConfigException {
        for (int m = 0; m < labelsOfEntries.size(); m++) {
            List<LabelConfig> labels = labelsOfEntries.get(m);
            for (int l = 0; l < labels.size(); l++) {
                List<DecoderConfig> decoders = labels.get(l).decoders();
                for (int d = 0; d < decoders.size(); d++) {
                    String name = decoders.get(d).name();
                    if (!knownDecoders.contains(name)) {
                        throw index.error(path + "[" + m + "].labels[" + l + "].decoders[" + d + "].name",
                                "(\"" + name + "\") is not a known decoder (known: "
                                        + String.join(", ", knownDecoders) + ")");
                    }
                }
            }
        }
    }
}
