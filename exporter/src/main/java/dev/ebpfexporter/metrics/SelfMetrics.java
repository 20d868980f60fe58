package dev.ebpfexporter.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The exporter's own metrics, published with every drain next to the metrics it drained. */
final class SelfMetrics {
    static final String DRAIN_DURATION = MetricNames.PREFIX + "drain_duration_seconds";
    static final String DRAINS = MetricNames.PREFIX + "drains";
    static final String LAST_DRAIN = MetricNames.PREFIX + "last_drain_timestamp_seconds";
    static final String DECODE_ERRORS = MetricNames.PREFIX + "decode_errors";
    static final String DECODE_DROPPED_KEYS = MetricNames.PREFIX + "decode_dropped_keys";
    static final String MAP_READ_ERRORS = MetricNames.PREFIX + "map_read_errors";
    static final String MAP_OVERFLOW = MetricNames.PREFIX + "map_overflow";
    static final String MAP_ENTRIES = MetricNames.PREFIX + "map_entries";
    static final String MAP_MAX_ENTRIES = MetricNames.PREFIX + "map_max_entries";
    static final String MAP_KEYS_RETIRED = MetricNames.PREFIX + "map_keys_retired";
    static final String SERIES_OVER_LIMIT = MetricNames.PREFIX + "series_over_limit";
    static final String CONFIG_LOADED = MetricNames.PREFIX + "config_loaded";
    static final String PROGRAM_RUN_TIME = MetricNames.PREFIX + "program_run_seconds";
    static final String PROGRAM_RUNS = MetricNames.PREFIX + "program_runs";
    /** Prometheus's own names for its config reloads, after the exporter's prefix. */
    static final String RELOAD_SUCCESSFUL = MetricNames.PREFIX + "config_last_reload_successful";
    static final String RELOAD_SUCCESS_TIME = MetricNames.PREFIX + "config_last_reload_success_timestamp_seconds";

    /** Snapshot names (counters without {@code _total}) a config's metric must not take. */
    static final Set<String> NAMES = Set.of(DRAIN_DURATION, DRAINS, LAST_DRAIN, DECODE_ERRORS, DECODE_DROPPED_KEYS,
            MAP_READ_ERRORS, MAP_OVERFLOW, MAP_ENTRIES, MAP_MAX_ENTRIES, MAP_KEYS_RETIRED,
            SERIES_OVER_LIMIT, CONFIG_LOADED, PROGRAM_RUN_TIME, PROGRAM_RUNS, RELOAD_SUCCESSFUL, RELOAD_SUCCESS_TIME);

    private SelfMetrics() {}

    /** Families without a series (no overflow counter anywhere, say) are left out. */
    static List<MetricSnapshot> of(List<SourceDrain> drains, Map<String, Boolean> configsLoaded, LastReload reload,
            DrainStatus status) {
        CounterSnapshot.Builder decodeErrors = counter(DECODE_ERRORS,
                "Map keys skipped because a label decoder failed, summed over drains");
        CounterSnapshot.Builder droppedKeys = counter(DECODE_DROPPED_KEYS,
                "Map keys left out on purpose because a regexp decoder matched none of its patterns (not an error),"
                        + " summed over drains; only for metrics with such a decoder");
        CounterSnapshot.Builder readErrors = counter(MAP_READ_ERRORS,
                "Failed reads of a metric map or its overflow counter; the last good values stay exposed");
        CounterSnapshot.Builder overflow = counter(MAP_OVERFLOW,
                "Increments a full map could not store, as counted by its <map>_overflow counter");
        GaugeSnapshot.Builder entries = gauge(MAP_ENTRIES, "Keys in the metric map at the last good read");
        GaugeSnapshot.Builder maxEntries = gauge(MAP_MAX_ENTRIES, "The metric map's max_entries");
        CounterSnapshot.Builder retired = counter(MAP_KEYS_RETIRED,
                "Keys deleted from the metric map after idle_timeout without a change");
        CounterSnapshot.Builder overLimit = counter(SERIES_OVER_LIMIT,
                "Map keys counted in the metric's [overflow] series because it had max_series series already");
        Set<Labels> mapsSeen = new HashSet<>();
        for (SourceDrain drain : drains) {
            MetricSource source = drain.source();
            Labels metricLabels = Labels.of("config", source.configName(), "metric", source.metric().name());
            Labels mapLabels = Labels.of("config", source.configName(), "map", source.mapName());
            decodeErrors.dataPoint(counterPoint(metricLabels, drain.decodeErrors()));
            drain.droppedKeys().ifPresent(count -> droppedKeys.dataPoint(counterPoint(metricLabels, count)));
            drain.keysOverLimit().ifPresent(count -> overLimit.dataPoint(counterPoint(metricLabels, count)));
            if (!mapsSeen.add(mapLabels)) {
                continue; // another field of a multi-value map: the map was reported with its first
            }
            readErrors.dataPoint(counterPoint(mapLabels, drain.readErrors()));
            drain.overflow().ifPresent(value ->
                    overflow.dataPoint(counterPoint(mapLabels, UnsignedLongs.toDouble(value))));
            drain.entries().ifPresent(count -> entries.dataPoint(gaugePoint(mapLabels, count)));
            maxEntries.dataPoint(gaugePoint(mapLabels, source.maxEntries()));
            drain.retiredKeys().ifPresent(count -> retired.dataPoint(counterPoint(mapLabels, count)));
        }
        GaugeSnapshot.Builder loaded = gauge(CONFIG_LOADED, "1 when the config's programs are loaded and attached, else 0");
        configsLoaded.forEach((config, ok) -> loaded.dataPoint(gaugePoint(Labels.of("config", config), ok ? 1 : 0)));
        String statsOff = "; counted only while run-time stats are on (--bpf.stats or kernel.bpf_stats_enabled=1)";
        CounterSnapshot.Builder runTime = counter(PROGRAM_RUN_TIME, "CPU time spent in the BPF program" + statsOff);
        CounterSnapshot.Builder runs = counter(PROGRAM_RUNS, "Runs of the BPF program" + statsOff);
        for (DrainStatus.Program program : status.programs()) {
            Labels labels = Labels.of("config", program.config(), "program", program.name());
            program.stats().ifPresent(stats -> {
                runTime.dataPoint(counterPoint(labels, stats.runTimeNanos() / 1e9));
                runs.dataPoint(counterPoint(labels, UnsignedLongs.toDouble(stats.runCount())));
            });
        }

        List<MetricSnapshot> all = new ArrayList<>(List.of(
                gauge(DRAIN_DURATION, "Seconds the last drain of all maps took")
                        .dataPoint(gaugePoint(Labels.EMPTY, status.took().toNanos() / 1e9)).build(),
                counter(DRAINS, "Drains of all maps since start")
                        .dataPoint(counterPoint(Labels.EMPTY, status.count())).build(),
                gauge(LAST_DRAIN, "Unix time the last drain finished")
                        .dataPoint(gaugePoint(Labels.EMPTY, status.finishedAt().toEpochMilli() / 1000.0)).build(),
                decodeErrors.build(), droppedKeys.build(), readErrors.build(), overflow.build(), entries.build(),
                maxEntries.build(), retired.build(), overLimit.build(), loaded.build(), runTime.build(), runs.build(),
                gauge(RELOAD_SUCCESSFUL, "1 when the last load of the configs (at start or on reload) ran every"
                        + " config in its current version, else 0")
                        .dataPoint(gaugePoint(Labels.EMPTY, reload.successful() ? 1 : 0)).build(),
                gauge(RELOAD_SUCCESS_TIME, "Unix time of the last load of the configs that succeeded; 0 while none has")
                        .dataPoint(gaugePoint(Labels.EMPTY,
                                reload.lastSuccess().map(at -> at.toEpochMilli() / 1000.0).orElse(0.0))).build()));
        all.removeIf(snapshot -> snapshot.getDataPoints().isEmpty());
        return all;
    }

    private static CounterSnapshot.Builder counter(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static CounterDataPointSnapshot counterPoint(Labels labels, double value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static GaugeDataPointSnapshot gaugePoint(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
