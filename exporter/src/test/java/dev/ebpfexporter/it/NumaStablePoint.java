package dev.ebpfexporter.it;

import java.util.List;
import java.util.Map;

/**
 * A scrape of the exporter and the kernel's own counters, read before and after a drain and found
 * unchanged, so the scrape saw exactly them ({@link GuestNuma#stablePoint}). The oracle holds
 * numa_pages_migrated (vmstat), misplaced_calls and misplaced_pages (mm_migrate_pages events with
 * reason numa_misplaced and the pages they moved) and move, swap, stick (sched_*_numa events).
 */
record NumaStablePoint(Map<String, Long> oracle, List<Series> scrape) {
    long oracle(String key) {
        Long value = oracle.get(key);
        if (value == null) {
            throw new AssertionError("no " + key + " in the oracle " + oracle);
        }
        return value;
    }

    double exported(String metric, Map<String, String> labels) {
        return Series.sum(scrape, metric, labels);
    }

    double exported(String metric) {
        return exported(metric, Map.of());
    }
}
