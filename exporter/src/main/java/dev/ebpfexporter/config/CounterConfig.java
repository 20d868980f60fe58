package dev.ebpfexporter.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A counter map. Without labels its map has the single key u32 0 (ebpf_exporter's rule).
 *
 * @param skipZeros an extension over ebpf_exporter's format: series whose value is 0 are not
 *     exposed. For counters in array maps, where every index exists from the start and an untouched
 *     one means what a missing key means in a hash map (nothing counted yet), but exposing them all
 *     would make hundreds of series of zeros (one per syscall number).
 * @param perfEventArray the map is a {@code PERF_EVENT_ARRAY}: each sample the program outputs is
 *     one event, counted by its bytes as the key (ebpf_exporter's {@code perf_event_array})
 * @param flushInterval how often a perf event array's counts start again from zero; only with
 *     {@code perfEventArray} (ebpf_exporter's {@code flush_interval}; one hour when absent)
 * @param field the map and u64 the counter reads: one field of a multi-value map, or its own map
 * @param valueMultiplier an extension: the exposed value is the u64 sum times this (> 0), so a
 *     counter of nanoseconds can serve seconds; 1 when not set
 * @param seriesLimits {@code max_series} and {@code idle_timeout}; an idle_timeout needs a map of
 *     its own whose keys can be deleted: not a field of a multi-value map, not a perf event array
 */
public record CounterConfig(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries,
        boolean skipZeros, boolean perfEventArray, Optional<Duration> flushInterval, ValueField field,
        double valueMultiplier, SeriesLimits seriesLimits) implements MetricConfig {
    /** ebpf_exporter's flush interval when a perf event array counter sets none. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofHours(1);

    static final String IDLE_TIMEOUT_WITH_VALUES = "does not apply to a map with values: deleting a key would take"
            + " every field's count at once, and only one metric of the map could carry it";

    public CounterConfig {
        labels = List.copyOf(labels);
        MetricRules.check(name, help, labels, maxEntries);
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(seriesLimits, "seriesLimits");
        if (seriesLimits.idleTimeout().isPresent() && perfEventArray) {
            throw new InvalidField("idle_timeout", "does not apply to perf_event_array counters (their counts are"
                    + " not in a map to delete from; flush_interval starts them again)");
        }
        if (seriesLimits.idleTimeout().isPresent() && field.count() != 1) {
            throw new InvalidField("idle_timeout", IDLE_TIMEOUT_WITH_VALUES);
        }
        Objects.requireNonNull(seriesLimits, "seriesLimits");
        if (seriesLimits.idleTimeout().isPresent() && (perfEventArray || field.count() != 1)) {
            throw new IllegalArgumentException("idle_timeout applies only to counters whose map is their own (no"
                    + " values, no perf_event_array)");
        }
        if (perfEventArray && field.count() != 1) {
            throw new InvalidField("values", "does not apply to perf_event_array counters (a sample is one event)");
        }
        if (flushInterval.isPresent() && !perfEventArray) {
            throw new InvalidField("flush_interval", "applies only to counters with perf_event_array: true");
        }
        if (flushInterval.isPresent() && (flushInterval.get().isNegative() || flushInterval.get().isZero())) {
            throw new InvalidField("flush_interval", "must be > 0");
        }
        MetricRules.multiplier("value_multiplier", valueMultiplier);
    }

    /** A counter serving its sums unscaled, without series limits. */
    public CounterConfig(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries,
            boolean skipZeros, boolean perfEventArray, Optional<Duration> flushInterval, ValueField field) {
        this(name, help, labels, maxEntries, skipZeros, perfEventArray, flushInterval, field, 1, SeriesLimits.NONE);
    }

    /** A counter read from its own map of counts, unscaled. */
    public CounterConfig(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries,
            boolean skipZeros, SeriesLimits seriesLimits) {
        this(name, help, labels, maxEntries, skipZeros, false, Optional.empty(), ValueField.whole(name), 1,
                seriesLimits);
    }

    /** A counter read from its own map of counts, unscaled, without series limits. */
    public CounterConfig(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries,
            boolean skipZeros) {
        this(name, help, labels, maxEntries, skipZeros, SeriesLimits.NONE);
    }

    /** A counter that exposes every series, zeros included (ebpf_exporter's behaviour). */
    public CounterConfig(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries) {
        this(name, help, labels, maxEntries, false);
    }

    /** How often a perf event array's counts start again from zero. */
    public Duration flushIntervalOrDefault() {
        return flushInterval.orElse(DEFAULT_FLUSH_INTERVAL);
    }

    @Override
    public CounterConfig withLabels(List<LabelConfig> labels) {
        return new CounterConfig(name, help, labels, maxEntries, skipZeros, perfEventArray, flushInterval, field,
                valueMultiplier, seriesLimits);
    }
}
