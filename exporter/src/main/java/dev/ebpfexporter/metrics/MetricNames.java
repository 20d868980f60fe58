package dev.ebpfexporter.metrics;

import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.config.MetricConfig;

/** Exposed metric names: {@code ebpf_exporter_} + the config's name. */
public final class MetricNames {
    public static final String PREFIX = "ebpf_exporter_";
    private static final String TOTAL = "_total";

    private MetricNames() {}

    /**
     * The name for the snapshot's metadata. Counters drop a trailing {@code _total}: the writers
     * append it, so {@code page_faults_total} is still exposed as
     * {@code ebpf_exporter_page_faults_total} (and not {@code …_total_total}).
     */
    public static String snapshotName(MetricConfig metric) {
        String name = PREFIX + metric.name();
        if (metric instanceof CounterConfig && name.endsWith(TOTAL)) {
            return name.substring(0, name.length() - TOTAL.length());
        }
        return name;
    }

    /** The name a counter's or histogram's samples carry in the text format: counters end in {@code _total}. */
    public static String exposedName(MetricConfig metric) {
        String name = snapshotName(metric);
        return metric instanceof CounterConfig ? name + TOTAL : name;
    }
}
