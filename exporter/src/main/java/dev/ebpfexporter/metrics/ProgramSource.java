package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.ProgramRunStats;
import java.util.Objects;

/** One attached program of a loaded config, whose kernel run counters each drain reads. */
public record ProgramSource(String configName, String programName, StatsReader stats) {
    public ProgramSource {
        Objects.requireNonNull(configName, "configName");
        Objects.requireNonNull(programName, "programName");
        Objects.requireNonNull(stats, "stats");
    }

    /** Reads the program's counters; called from the drain thread only. */
    @FunctionalInterface
    public interface StatsReader {
        ProgramRunStats read() throws BpfException;
    }
}
