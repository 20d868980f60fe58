package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import dev.ebpfexporter.testing.OnlineCpus;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hardirqs against /proc/interrupts: over a window with fsync'd writes (the block device's
 * completion interrupts), every handler of every IRQ that moved ≥ {@value #MEANINGFUL} times ran
 * as many times as /proc/interrupts counted the IRQ, within the bracket of the two readings (less
 * the few interrupts the kernel does not deliver to the programs, see below).
 *
 * <p>What is comparable: a numbered row of /proc/interrupts counts the descriptor's interrupts
 * (the flow handler, e.g. handle_edge_irq, counts before it calls the actions), and every action of
 * the descriptor runs once per interrupt between irq_handler_entry and exit, whatever it returns
 * (IRQ_NONE for a spurious or someone else's interrupt on a shared line included). So each handler
 * of an IRQ, shared or not, has a _count equal to the row's count; a shared line's handlers are
 * each compared with it, not their sum. Rows without a number (LOC, RES, CAL, …) are per-CPU
 * vectors whose handlers fire no irq_handler event and are not compared.
 *
 * <p>The window: a scrape shows the last finished drain, so each end is a scrape showing a drain
 * begun after a first reading of /proc/interrupts, followed by a second reading
 * (MetricsEndpoint#scrapeAfterNextDrains): the drain read the map between the two, so the exported
 * delta lies between (first reading at the end − second at the start) and (second at the end −
 * first at the start). The only slack is a run in flight while the drain reads: counted by the
 * kernel at its start, by the program at its exit. A CPU runs one handler at a time, so that is at
 * most one per online CPU at each end; an ordinary descriptor even runs on one CPU at a time
 * (IRQD_IRQ_INPROGRESS), only per-CPU ones (arm64's timer) on several at once. Rarer gaps (an edge
 * interrupt replayed because it arrived while the descriptor ran on another CPU during an affinity
 * change: run again, counted once; an interrupt of a disabled descriptor: counted, handler deferred)
 * are not allowed for: they need an IRQ moved (irqbalance) or a line disabled by its driver during
 * the window, which a disk's completion interrupts under fsync do not see.
 *
 * <p>One shortfall is allowed for because it was measured, not derived: on Linux 6.18, a few
 * interrupts in a few thousand are counted by /proc/interrupts and seen by a perf counter on
 * irq:irq_handler_entry, yet neither tp_btf program runs for them (their run counts agree with each
 * other and with the map; no recursion miss is recorded), with or without drains in the window:
 * 0–7 of 2,000–3,000 per window typically, 34 of 3,003 once (1.1 %) on a loaded machine. So the
 * exported count may fall short of the bracket by up to {@value #UNDELIVERED} of it, never exceed it.
 */
@KernelTest
class HardirqsIT {
    private static final String COUNT = "ebpf_exporter_hardirq_handler_seconds_count";
    private static final String SUM = "ebpf_exporter_hardirq_handler_seconds_sum";
    /** The handler label's bytes in configs/hardirqs.yaml, less the terminating NUL. */
    private static final int HANDLER_LABEL_CHARS = 35;
    private static final long MEANINGFUL = 300;
    /** The share of counted interrupts the programs may not see (above): twice the worst measured. */
    private static final double UNDELIVERED = 0.02;
    /** ~2 s of completion interrupts on a virtio disk at a few hundred fsyncs a second. */
    private static final int FSYNCS = 1000;

    @TempDir
    Path configDir;

    @Test
    void everyHandlerOfABusyIrqRanAsOftenAsProcInterruptsCountedIt() throws Exception {
        TestConfigs.copyShipped(configDir, "hardirqs");
        // Ready awaited inside the block: a timeout must still close (kill) the exporter.
        try (ExporterProcess exporter = ExporterProcess.start("hardirqs",
                "--config.dir", configDir.toString(), "--drain.interval", "50ms")) {
            exporter.awaitReady();
            Reading start = Reading.around(exporter.endpoint());
            fsyncWrites();
            Reading end = Reading.around(exporter.endpoint());
            long inFlight = OnlineCpus.fromProcStat().size();
            int compared = 0;
            for (int irq : end.after.counts().keySet()) {
                long low = end.before.count(irq) - start.after.count(irq);
                long high = end.after.count(irq) - start.before.count(irq);
                if (low >= MEANINGFUL) {
                    compared += assertEveryHandlerRan(new Bracket(irq, low, high, inFlight), start, end);
                }
            }
            assertThat(compared).as("handlers of IRQs that moved >= %d times (fsync'd writes)", MEANINGFUL)
                    .isPositive();
            // A failed map read leaves the last good (older) values exposed; an overflow moves runs
            // to the [overflow] series. Either would make a handler's count short: neither may occur.
            for (String self : List.of("ebpf_exporter_map_read_errors_total", "ebpf_exporter_map_overflow_total")) {
                assertThat(Series.sum(end.scrape, self, Map.of("config", "hardirqs"))).as(self).isZero();
            }
        }
    }

    /** Asserts each handler's runs within the bracket; returns the number of handlers compared. */
    private static int assertEveryHandlerRan(Bracket irq, Reading start, Reading end) throws Exception {
        List<String> handlers = ProcInterrupts.handlers(irq.irq);
        for (String name : handlers) {
            Map<String, String> labels = Map.of("irq", Integer.toString(irq.irq),
                    "handler", name.substring(0, Math.min(name.length(), HANDLER_LABEL_CHARS)));
            long runs = (long) (Series.sum(end.scrape, COUNT, labels) - Series.sum(start.scrape, COUNT, labels));
            double seconds = Series.sum(end.scrape, SUM, labels) - Series.sum(start.scrape, SUM, labels);
            System.out.printf("irq %d %s: /proc/interrupts delta %d..%d (allowed %d..%d), exported runs %d"
                    + " (%.0f ns mean)%n", irq.irq, name, irq.low, irq.high, irq.min(), irq.max(), runs,
                    seconds * 1e9 / runs);
            assertThat(runs).as("irq %d handler %s runs vs %s", irq.irq, name, irq).isBetween(irq.min(), irq.max());
            assertThat(seconds).as("irq %d handler %s time", irq.irq, name).isPositive();
        }
        return handlers.size();
    }

    /** An IRQ's /proc/interrupts delta over the window lies in [low, high]; runs in flight at each end. */
    private record Bracket(int irq, long low, long high, long inFlight) {
        long min() {
            return low - inFlight - (long) Math.ceil(low * UNDELIVERED);
        }

        long max() {
            return high + inFlight;
        }
    }

    /** Fsync'd 4 KiB writes to a file beside the build (on a disk: /tmp may be memory). */
    private static void fsyncWrites() throws Exception {
        Path file = Files.createTempFile(Path.of("target"), "hardirqs", ".dat");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (int i = 0; i < FSYNCS; i++) {
                channel.write(ByteBuffer.allocate(4096), 0);
                channel.force(true);
            }
        } finally {
            Files.delete(file);
        }
    }

    /** /proc/interrupts, a scrape showing a drain begun after that reading, /proc/interrupts again. */
    private record Reading(ProcInterrupts before, List<Series> scrape, ProcInterrupts after) {
        static Reading around(MetricsEndpoint exporter) throws Exception {
            ProcInterrupts before = ProcInterrupts.read();
            List<Series> scrape = exporter.scrapeAfterNextDrains(Duration.ofSeconds(5));
            return new Reading(before, scrape, ProcInterrupts.read());
        }
    }
}
