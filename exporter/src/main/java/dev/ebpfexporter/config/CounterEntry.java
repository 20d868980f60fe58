package dev.ebpfexporter.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** One entry of {@code metrics.counters}: a counter, or one per field of its {@code values}. */
record CounterEntry(String map, List<CounterConfig> metrics, boolean valued) implements MapEntry {
    CounterEntry {
        metrics = List.copyOf(metrics);
    }

    @JsonCreator
    static CounterEntry fromYaml(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("help") Optional<String> help,
            @JsonProperty("labels") List<LabelConfig> labels,
            @JsonProperty("max_entries") OptionalInt maxEntries,
            @JsonProperty("max_series") OptionalInt maxSeries,
            @JsonProperty("idle_timeout") Optional<Duration> idleTimeout,
            @JsonProperty("skip_zeros") boolean skipZeros,
            @JsonProperty("value_multiplier") Optional<Double> valueMultiplier,
            @JsonProperty("perf_event_array") boolean perfEventArray,
            @JsonProperty("flush_interval") Optional<Duration> flushInterval,
            @JsonProperty("values") Optional<List<ValueConfig>> values) {
        if (perfEventArray && values.isPresent()) {
            throw new InvalidField("values", "does not apply to perf_event_array counters (a sample is one event)");
        }
        if (values.isPresent() && idleTimeout.isPresent() && !perfEventArray) {
            throw new InvalidField("idle_timeout", CounterConfig.IDLE_TIMEOUT_WITH_VALUES);
        }
        SeriesLimits limits = new SeriesLimits(maxSeries, idleTimeout);
        List<CounterConfig> counters = MapEntry.fields(name, help, values).stream()
                .map(field -> new CounterConfig(field.name(), field.help(), labels, maxEntries, skipZeros,
                        perfEventArray, flushInterval, field.field(), valueMultiplier.orElse(1.0), limits))
                .toList();
        return new CounterEntry(name, counters, values.isPresent());
    }
}
