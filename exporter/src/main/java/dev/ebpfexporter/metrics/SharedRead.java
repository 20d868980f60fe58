package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;

/**
 * One read of a multi-value map per drain, shared by the metrics of its fields, so that every
 * field of an entry comes from the same lookup. A drain goes through a config's metrics in order,
 * the fields of a map one after the other from the first: the first field's metric reads the map,
 * the others take that read. A failed read leaves nothing to take: the next field reads again.
 */
public final class SharedRead {
    private final MapReader map;
    private MapContents last; // null before the first read and after a failed one

    public SharedRead(MapReader map) {
        this.map = map;
    }

    /** The reader for the metric of field {@code index}. */
    public MapReader forField(int index) {
        if (index > 0) {
            return () -> last != null ? last : read();
        }
        return this::read;
    }

    private MapContents read() throws BpfException {
        last = null;
        last = map.read();
        return last;
    }
}
