package dev.ebpfexporter.metrics;

import dev.ebpfexporter.config.MetricConfig;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which config exposes each metric name: one name, one owner, as two families under one name would
 * make an exposition Prometheus rejects. The exporter's own metrics own their names from the start.
 * A reload releases a config's names before it claims those of its new version.
 */
public final class ExposedNames {
    private static final String SELF = "the exporter's own metrics";

    private final Map<String, String> owners = new HashMap<>();
    private final Map<String, Set<String>> claimedBy = new HashMap<>();

    public ExposedNames() {
        SelfMetrics.NAMES.forEach(name -> owners.put(name, SELF));
    }

    /**
     * Claims the snapshot names of {@code config}'s metrics, all or none.
     *
     * @throws IllegalArgumentException when a name is taken (by another config, the exporter, or
     *     another metric of this config); the message names the metric and the owner
     */
    public void claim(String config, List<MetricConfig> metrics) {
        String owner = "config '" + config + "'";
        Set<String> names = new LinkedHashSet<>();
        for (MetricConfig metric : metrics) {
            String name = MetricNames.snapshotName(metric);
            String taken = names.contains(name) ? owner : owners.get(name);
            if (taken != null) {
                throw new IllegalArgumentException("metric '" + metric.name() + "' would be exposed as " + name
                        + ", a name already taken by " + taken + "; rename the map and the metric");
            }
            names.add(name);
        }
        names.forEach(name -> owners.put(name, owner));
        claimedBy.computeIfAbsent(config, c -> new LinkedHashSet<>()).addAll(names);
    }

    /** Frees every name {@code config} claimed; nothing happens for a config that claimed none. */
    public void release(String config) {
        Set<String> names = claimedBy.remove(config);
        if (names != null) {
            names.forEach(owners::remove);
        }
    }
}
