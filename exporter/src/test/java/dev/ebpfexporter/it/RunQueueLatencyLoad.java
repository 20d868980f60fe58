package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Run-queue pressure for the runqlat comparison: {@code stress-ng --cpu 4} (more CPU hogs than
 * a 2-CPU host has CPUs, so they preempt each other and wait) plus a thread that sleeps 1 ms in a
 * loop (a periodically woken task, whose wakeups wait behind the hogs).
 */
final class RunQueueLatencyLoad implements AutoCloseable {
    static final Path STRESS_NG = Path.of("/usr/bin/stress-ng");
    private static final long WAKE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Process stress;
    private final Thread waker;
    private final AtomicBoolean stop = new AtomicBoolean();

    private RunQueueLatencyLoad(int hogs, int timeoutSeconds) throws IOException {
        // --timeout: the hogs end by themselves even if this JVM dies before close().
        stress = new ProcessBuilder(STRESS_NG.toString(), "--cpu", Integer.toString(hogs),
                "--timeout", timeoutSeconds + "s").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        waker = new Thread(() -> {
            while (!stop.get()) {
                LockSupport.parkNanos(WAKE_PERIOD_NANOS);
            }
        }, "run-queue-latency-waker");
        waker.start();
    }

    static RunQueueLatencyLoad start(int hogs, int timeoutSeconds) throws IOException {
        return new RunQueueLatencyLoad(hogs, timeoutSeconds);
    }

    /** Gives the hogs a second to start and spread over the CPUs before a window opens. */
    void awaitSteadyState() throws InterruptedException {
        Thread.sleep(1000);
    }

    @Override
    public void close() {
        stop.set(true);
        stress.destroy(); // SIGTERM: stress-ng stops its workers
        try {
            waker.join();
            if (!stress.waitFor(10, TimeUnit.SECONDS)) {
                stress.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            stress.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
