package dev.ebpfexporter.bpf;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the samples a program sends through a {@code PERF_EVENT_ARRAY} map
 * ({@code bpf_perf_event_output}), by their first {@code keySize} bytes, as ebpf_exporter's
 * {@code perf_event_array} counters do: each sample is one event, its bytes the key. A thread
 * polls the per-CPU buffers; {@link #read()} hands out the counts so far as map contents. Every
 * {@code flushInterval} the counts start again from zero (ebpf_exporter's {@code flush_interval},
 * one hour by default), so series of keys that stopped coming go away. Samples the kernel dropped
 * because a buffer was full, and samples shorter than a key, cannot be told apart by key: they are
 * counted in {@link #lost()}. Closed by its object, before the map goes.
 */
public final class PerfEventCounter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PerfEventCounter.class);
    /** Per CPU: 256 KiB, some ten thousand small samples between two polls. */
    private static final long PAGES_PER_CPU = 64;
    /** How long a poll waits for samples: also how long close waits for the thread (ebpf_exporter's 300 ms). */
    private static final int POLL_MS = 300;

    private final String name;
    private final int keySize;
    private final long flushNanos;
    // Held so the callbacks are not collected while libbpf may call them.
    private final Libbpf.PerfBufferSampleFn onSample = this::sample;
    private final Libbpf.PerfBufferLostFn onLost = this::lost;
    private final Map<ByteBuffer, long[]> counts = new LinkedHashMap<>(); // guarded by this
    private long lost; // guarded by this
    private boolean warnedShort; // poll thread only
    private Pointer buffer;
    private final Thread poller;
    private volatile boolean closing;

    private PerfEventCounter(String name, int keySize, Duration flushInterval, Pointer buffer) {
        this.name = name;
        this.keySize = keySize;
        this.flushNanos = flushInterval.toNanos();
        this.buffer = buffer;
        this.poller = new Thread(this::pollUntilClosed, "perf-" + name);
        poller.setDaemon(true);
    }

    /** Opens the buffers of perf event array {@code map} (of a loaded object) and starts polling them. */
    static PerfEventCounter open(int mapFd, String description, int keySize, Duration flushInterval)
            throws BpfException {
        if (keySize <= 0 || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("needs a key size and a flush interval > 0");
        }
        PerfEventCounter counter = new PerfEventCounter(description, keySize, flushInterval, null);
        Pointer buffer = Libbpf.perf_buffer__new(mapFd, PAGES_PER_CPU, counter.onSample, counter.onLost,
                null, null);
        if (buffer == null) {
            throw new BpfException("perf_buffer__new", description, Native.getLastError(),
                    "cannot open the perf event array's buffers");
        }
        counter.buffer = buffer;
        counter.poller.start();
        return counter;
    }

    /** The counts so far by key, each key {@code keySize} bytes, in the order keys first came. */
    public synchronized MapContents read() {
        byte[] keys = new byte[counts.size() * keySize];
        long[] values = new long[counts.size()];
        int i = 0;
        for (Map.Entry<ByteBuffer, long[]> entry : counts.entrySet()) {
            entry.getKey().get(0, keys, i * keySize, keySize);
            values[i++] = entry.getValue()[0];
        }
        return new MapContents(keySize, keys, values, counts.size());
    }

    /** Samples lost by the kernel or too short for a key, since the last flush. */
    public synchronized long lost() {
        return lost;
    }

    private void pollUntilClosed() {
        long flushAt = System.nanoTime() + flushNanos;
        while (!closing) {
            int rc = Libbpf.perf_buffer__poll(buffer, POLL_MS);
            if (rc < 0 && rc != -Errno.EINTR) {
                log.warn("{}: polling the perf event array failed ({}); its counter stops", name, Errno.name(-rc));
                return;
            }
            if (System.nanoTime() - flushAt >= 0) {
                flush();
                flushAt += flushNanos;
            }
        }
    }

    private synchronized void flush() {
        counts.clear();
        lost = 0;
    }

    private void sample(Pointer ctx, int cpu, Pointer data, int size) {
        if (size < keySize) {
            if (!warnedShort) {
                log.warn("{}: a {}-byte sample is shorter than the labels' {} bytes; counted as lost", name, size,
                        keySize);
                warnedShort = true;
            }
            lost(ctx, cpu, 1);
            return;
        }
        // The kernel pads a sample to 8 bytes: only the labels' bytes are the key (as in ebpf_exporter).
        ByteBuffer key = ByteBuffer.wrap(data.getByteArray(0, keySize));
        synchronized (this) {
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
        }
    }

    private synchronized void lost(Pointer ctx, int cpu, long count) {
        lost += count;
    }

    /** Stops polling (within one poll) and frees the buffers. */
    @Override
    public void close() {
        closing = true;
        try {
            poller.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // the buffer stays: freeing it under a running poll would crash
        }
        if (buffer != null) {
            Libbpf.perf_buffer__free(buffer);
            buffer = null;
        }
    }
}
