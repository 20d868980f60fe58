package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.MapType;
import dev.ebpfexporter.config.MetricConfig;
import dev.ebpfexporter.decode.KeyDecoder;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric of a loaded config, ready to drain: its map (named like the metric), the decoder for
 * its keys and, for maps counted with {@code increment_map}, the {@code <map>_overflow} counter.
 *
 * @param deleter deletes the map's idle keys, for metrics with an {@code idle_timeout}
 * @param maxEntries the map's max_entries as loaded, exported next to the number of keys read
 * @param mapType arrays have every key from the start, so only hash maps can fill up
 * @param cpuLabel present when the metric has a series per CPU of its per-CPU map
 */
public record MetricSource(
        String configName,
        MetricConfig metric,
        KeyDecoder decoder,
        MapReader contents,
        KeyDeleter deleter,
        Optional<LongReader> overflow,
        int maxEntries,
        MapType mapType,
        Optional<CpuLabel> cpuLabel) {
    public MetricSource {
        Objects.requireNonNull(configName, "configName");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(contents, "contents");
        Objects.requireNonNull(deleter, "deleter");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(mapType, "mapType");
        Objects.requireNonNull(cpuLabel, "cpuLabel");
    }

    /** A metric whose map's values are summed over CPUs, if per-CPU. */
    public MetricSource(String configName, MetricConfig metric, KeyDecoder decoder, MapReader contents,
            KeyDeleter deleter, Optional<LongReader> overflow, int maxEntries, MapType mapType) {
        this(configName, metric, decoder, contents, deleter, overflow, maxEntries, mapType, Optional.empty());
    }

    /** The map feeding the metric: the metric's name, or the map whose values it is a field of. */
    public String mapName() {
        return metric.field().map();
    }
}
