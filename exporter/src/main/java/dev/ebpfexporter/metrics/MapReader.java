package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;

/** Reads every entry of one metric map; called from the drain thread only. */
@FunctionalInterface
public interface MapReader {
    MapContents read() throws BpfException;
}
