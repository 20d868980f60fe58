package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One stable point written by the NUMA guest script: a scrape of the exporter and the kernel's own
 * counters, read before and after a drain and found unchanged, so the scrape saw exactly them.
 * The oracle line reads {@code numa_pages_migrated=N misplaced=CALLS,PAGES move=M swap=S stick=K}
 * (vmstat, then tracefs hist triggers on migrate:mm_migrate_pages for reason numa_misplaced and on
 * the sched_*_numa events).
 */
record NumaStablePoint(Map<String, Long> oracle, List<Series> scrape) {
    static NumaStablePoint read(Path out, String name) throws IOException {
        Map<String, Long> oracle = new HashMap<>();
        for (String field : Files.readString(out.resolve(name + ".oracle")).trim().split(" ")) {
            String[] kv = field.split("=", 2);
            if (kv[0].equals("misplaced")) {
                String[] callsPages = kv[1].split(",");
                oracle.put("misplaced_calls", Long.parseLong(callsPages[0]));
                oracle.put("misplaced_pages", Long.parseLong(callsPages[1]));
            } else {
                oracle.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return new NumaStablePoint(Map.copyOf(oracle), Series.parseAll(Files.readString(out.resolve(name + ".prom"))));
    }

    long oracle(String key) {
        Long value = oracle.get(key);
        if (value == null) {
            throw new AssertionError("no " + key + " in the oracle line " + oracle);
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
