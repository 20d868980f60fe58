package dev.ebpfexporter.load;

import dev.ebpfexporter.metrics.MetricSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the heap can hold what the loaded maps can grow to. Every key read becomes a series
 * with its labels, kept between drains: with the shipped 96 MiB heap, drains failed at about
 * 112,000 keys (issue 13), about 0.9 KiB a key, so {@link #BYTES_PER_SERIES} is a floor, not a
 * promise. Maps seldom fill, and a config sized for a rare peak runs fine most of the time, so
 * this is a warning with the figures at start-up rather than a refusal; docs/operations.md
 * ("Sizing") says which -Xmx fits how many series.
 */
public final class HeapEstimate {
    static final long BYTES_PER_SERIES = 1024;

    private HeapEstimate() {}

    /** The most series the sources' maps can produce when full: max_entries, times the CPUs of a per-CPU label. */
    static long seriesWhenFull(List<MetricSource> sources) {
        return sources.stream()
                .mapToLong(source -> (long) source.maxEntries() * source.cpuLabel().map(l -> l.valuesByCpu().size())
                        .orElse(1))
                .sum();
    }

    /** A warning when full maps would need more heap than {@code maxHeapBytes} ({@link Runtime#maxMemory()}). */
    public static Optional<String> warning(List<MetricSource> sources, long maxHeapBytes) {
        return warning(seriesWhenFull(sources), maxHeapBytes);
    }

    static Optional<String> warning(long series, long maxHeapBytes) {
        long needed = series * BYTES_PER_SERIES;
        if (needed <= maxHeapBytes) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "the loaded maps can hold %,d series when full (their"
                + " max_entries), which would take at least %,d MiB of heap as series; the heap may grow to %,d MiB"
                + " only, and drains fail once it is full: raise -Xmx to at least %,d MiB, 64 more for the rest of"
                + " the daemon (docs/operations.md, \"Sizing\"), or lower max_entries",
                series, needed >> 20, maxHeapBytes >> 20, (needed >> 20) + 64));
    }
}
