package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.ProgramRunStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the status page shows of one drain, published together with its metrics.
 *
 * @param count drains since start (0: none yet)
 * @param finishedAt when it finished; {@link Instant#EPOCH} before the first drain
 * @param took how long it took
 */
public record DrainStatus(long count, Instant finishedAt, Duration took, List<Metric> metrics, List<Program> programs) {
    public DrainStatus {
        metrics = List.copyOf(metrics);
        programs = List.copyOf(programs);
    }

    /** Before the first drain. */
    public static DrainStatus none() {
        return new DrainStatus(0, Instant.EPOCH, Duration.ZERO, List.of(), List.of());
    }

    /**
     * One metric map at its last good read.
     *
     * @param series series exposed for it (0 before a good read)
     * @param entries keys in the map; empty before a good read
     * @param array whether the map is an array, whose keys all exist from the start (it cannot fill up)
     * @param overflow increments the full map could not store; empty without an overflow counter
     */
    public record Metric(String config, String name, String type, int series, OptionalInt entries, int maxEntries,
            boolean array, OptionalLong overflow, long readErrors, long decodeErrors) {}

    /** One program's kernel counters at the last read; empty when that read failed. */
    public record Program(String config, String name, Optional<ProgramRunStats> stats) {}
}
