package dev.ebpfexporter.it;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Page faults under one comm for as long as it runs: a thread that starts {@link Faulter} again
 * and again (a few thousand fresh pages each time), so every scrape window holds some.
 */
final class PrometheusFaultLoad implements AutoCloseable {
    private static final long PAGES_PER_RUN = 4096;
    private static final long PAUSE_MILLIS = 100;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private PrometheusFaultLoad(String comm) {
        thread = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Faulter.run(comm, PAGES_PER_RUN);
                    Thread.sleep(PAUSE_MILLIS);
                }
            } catch (Exception | AssertionError e) {
                failure.set(e);
            }
        }, "prometheus-fault-load");
        thread.start();
    }

    static PrometheusFaultLoad start(String comm) {
        return new PrometheusFaultLoad(comm);
    }

    /** Stops the loop after the current run; a run that failed fails here. */
    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw new AssertionError("faulter loop failed", failure.get());
        }
    }
}
