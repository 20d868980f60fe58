package dev.ebpfexporter.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** One entry of {@code metrics.gauges}: a gauge, or one per field of its {@code values}. */
record GaugeEntry(String map, List<GaugeConfig> metrics, boolean valued) implements MapEntry {
    GaugeEntry {
        metrics = List.copyOf(metrics);
    }

    @JsonCreator
    static GaugeEntry fromYaml(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("help") Optional<String> help,
            @JsonProperty("labels") List<LabelConfig> labels,
            @JsonProperty("max_entries") OptionalInt maxEntries,
            @JsonProperty("values") Optional<List<ValueConfig>> values) {
        List<GaugeConfig> gauges = MapEntry.fields(name, help, values).stream()
                .map(field -> new GaugeConfig(field.name(), field.help(), labels, maxEntries, field.field()))
                .toList();
        return new GaugeEntry(name, gauges, values.isPresent());
    }
}
