package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;

/** Reads one u64 (per-CPU values summed), such as a metric's {@code <map>_overflow} counter. */
@FunctionalInterface
public interface LongReader {
    long read() throws BpfException;
}
