package dev.ebpfexporter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code metrics.counters}, {@code metrics.gauges} or {@code metrics.histograms} as the
 * YAML writes it: map {@code map}, feeding one metric, or with {@code values} (an extension) one per
 * u64 field of the map's struct values, in order, each with its own name and help.
 */
sealed interface MapEntry permits CounterEntry, GaugeEntry {
    String map();

    /** The metrics the entry declares, in the order of its values. */
    List<? extends MetricConfig> metrics();

    /** Whether the metrics are named by {@code values} rather than by the map. */
    boolean valued();

    /** One metric of a map: its name, help and the u64 of the map's values it reads. */
    record Field(String name, String help, ValueField field) {}

    /**
     * The metrics of map {@code map}: itself with {@code help}, or each of {@code values}, which then
     * carry the help (a help for the map would be shown nowhere).
     */
    static List<Field> fields(String map, Optional<String> help, Optional<List<ValueConfig>> values) {
        MetricRules.identifier("name", map, "a BPF map name");
        if (values.isEmpty()) {
            return List.of(new Field(map, help.orElse(null), ValueField.whole(map)));
        }
        if (help.isPresent()) {
            throw new InvalidField("help", "goes on each of values when the map has values");
        }
        List<ValueConfig> items = values.get();
        if (items.isEmpty()) {
            throw new InvalidField("values", "must not be empty (one name and help per u64 field of the value)");
        }
        List<Field> fields = new ArrayList<>();
        for (ValueConfig value : items) {
            fields.add(new Field(value.name(), value.help(), new ValueField(map, fields.size(), items.size())));
        }
        return fields;
    }
}
