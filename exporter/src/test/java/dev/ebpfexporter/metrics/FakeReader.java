package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A map whose contents are a function of the read number (1, 2, …); the reads named in
 * {@link #failOn} throw a BpfException instead.
 */
final class FakeReader implements MapReader {
    /** The deleter of a map whose metric deletes nothing (no idle_timeout). */
    static final KeyDeleter NO_DELETES = key -> {
        throw new AssertionError("a metric without idle_timeout deleted a key");
    };

    private final IntFunction<MapContents> contents;
    private final AtomicInteger reads = new AtomicInteger();
    private volatile Set<Integer> failing = Set.of();

    FakeReader(IntFunction<MapContents> contents) {
        this.contents = contents;
    }

    static FakeReader always(MapContents contents) {
        return new FakeReader(read -> contents);
    }

    /** An overflow counter reading {@code value} (a one-entry map, key ignored). */
    static FakeReader overflow(long value) {
        return always(oneValue(value));
    }

    static MapContents oneValue(long value) {
        return new MapContents(0, new byte[0], new long[] {value}, 1);
    }

    FakeReader failOn(Integer... reads) {
        failing = Set.of(reads);
        return this;
    }

    @Override
    public MapContents read() throws BpfException {
        int read = reads.incrementAndGet();
        if (failing.contains(read)) {
            throw new BpfException("bpf_map_lookup_batch", "fake", 9, "read " + read);
        }
        return contents.apply(read);
    }

    /** This map as an overflow counter: its first value. */
    LongReader asCounter() {
        return () -> read().value(0);
    }
}
