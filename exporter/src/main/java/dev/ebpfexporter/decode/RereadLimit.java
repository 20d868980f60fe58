package dev.ebpfexporter.decode;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How often a decoder may read its host file again on a miss (kallsyms, /proc/partitions): at
 * most once per interval, however many keys miss, so keys no entry will ever match cannot make it
 * read the file on every decode. Not thread-safe: the decoder's lock guards it.
 */
final class RereadLimit {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private boolean read;
    private long lastRead;

    /** @param nanoClock a monotonic clock, as {@link System#nanoTime()} */
    RereadLimit(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True before the first read and once the interval has passed since the last one. */
    boolean allows() {
        return !read || nanoClock.getAsLong() - lastRead >= intervalNanos;
    }

    /** A read starts now. */
    void reading() {
        read = true;
        lastRead = nanoClock.getAsLong();
    }
}
