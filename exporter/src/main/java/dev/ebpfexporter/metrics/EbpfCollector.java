package dev.ebpfexporter.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Supplier;

/**
 * Serves the latest published drain to scrapes: it hands out one immutable object, so a scrape
 * costs no kernel call and concurrent scrapes are consistent. Register with
 * {@code new EbpfCollector(drainLoop::latest)}.
 */
public final class EbpfCollector implements MultiCollector {
    private final Supplier<MetricSnapshots> latest;

    public EbpfCollector(Supplier<MetricSnapshots> latest) {
        this.latest = latest;
    }

    @Override
    public MetricSnapshots collect() {
        return latest.get();
    }
}
