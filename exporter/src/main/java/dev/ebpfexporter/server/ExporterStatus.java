package dev.ebpfexporter.server;

import dev.ebpfexporter.metrics.DrainStatus;
import java.time.Duration;
import java.util.List;

/**
 * Everything the status page shows, taken fresh for each request.
 *
 * @param loading whether the configs are still being loaded at start-up (the server answers first)
 * @param drainInterval how often maps are read, to tell a late drain from a recent one
 * @param runTimeStats whether the kernel counts program run time right now
 */
public record ExporterStatus(boolean loading, List<ConfigStatus> configs, DrainStatus drain, Duration drainInterval,
        boolean runTimeStats) {
    public ExporterStatus {
        configs = List.copyOf(configs);
    }
}
