package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import java.util.OptionalLong;

/** Deletes keys of one metric map (hash maps; arrays cannot); called from the drain thread only. */
@FunctionalInterface
public interface KeyDeleter {
    /** For a map whose keys are never deleted (a perf event array's samples, which idle_timeout does not apply to). */
    KeyDeleter NONE = key -> {
        throw new UnsupportedOperationException("this map's keys are never deleted");
    };

    /** @return the key's value at the delete (per-CPU values summed); empty when it was gone already */
    OptionalLong delete(byte[] key) throws BpfException;
}
