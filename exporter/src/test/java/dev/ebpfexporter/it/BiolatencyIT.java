package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * biolatency against the kernel's own block statistics: a loop device over a file, attached after
 * the exporter started (so its name is found by the decoder's re-read on a miss), driven with
 * O_DIRECT writes and reads of known sizes, once with no I/O scheduler and once with mq-deadline.
 * Over each window the reads and writes completed and the bytes read and written that
 * /sys/block/loopN/stat counts must equal the exported latency {@code _count}s and byte counters,
 * exactly; with mq-deadline every request is inserted before it is issued, so the queue-time
 * {@code _count} equals the requests completed too; with none, requests go straight to the driver
 * and add no queue time (at most as many as completed).
 *
 * <p>Why exact: the kernel adds a request's sectors in the same call that fires block_rq_complete
 * and counts the request right after, when it ends; so the two differ only by requests in flight
 * when either side is read. Each end of a window is a stable point: the stat file read before and
 * after a scrape of a drain that started after the first read, unchanged and with nothing in
 * flight, so that drain saw exactly the completions the stat file counts. The loop device is new,
 * and the helper is the only process opening it (O_DIRECT: no page cache, every call completes
 * before it returns), but the comparison does not rely on that.
 */
@KernelTest
class BiolatencyIT {
    private static final String LATENCY_COUNT = "ebpf_exporter_block_io_latency_seconds_count";
    private static final String QUEUE_COUNT = "ebpf_exporter_block_io_queue_latency_seconds_count";
    private static final String BYTES = "ebpf_exporter_block_io_bytes_total";
    private static final long BACKING_BYTES = 64L << 20; // the helper touches the first 5.1 MiB
    private static final TestHelper DIRECT_IO = new TestHelper("direct-io");
    private static final int STABLE_TRIES = 20;

    @TempDir
    Path dir;

    @Test
    void latencyCountsAndBytesOfALoopDeviceEqualItsBlockStat() throws Exception {
        Path configs = dir.resolve("configs");
        TestConfigs.copyShipped(configs, "biolatency");
        Path backing = dir.resolve("backing.img");
        try (RandomAccessFile file = new RandomAccessFile(backing.toFile(), "rw")) {
            file.setLength(BACKING_BYTES);
        }
        try (ExporterProcess exporter = ExporterProcess.start("biolatency",
                        "--config.dir", configs.toString(), "--drain.interval", "50ms").awaitReady();
                LoopDevice loop = LoopDevice.attach(backing)) {
            Window direct = Window.measure(exporter, loop, "none");
            Window scheduled = Window.measure(exporter, loop, "mq-deadline");

            direct.assertCountsAndBytesEqualBlockStat();
            scheduled.assertCountsAndBytesEqualBlockStat();
            assertThat(direct.queued()).as("queue-time observations without a scheduler")
                    .isLessThanOrEqualTo(direct.stat().reads() + direct.stat().writes());
            assertThat(scheduled.queued()).as("queue-time observations under mq-deadline")
                    .isEqualTo(scheduled.stat().reads() + scheduled.stat().writes());
        }
    }

    /** The exporter's last drain and the loop device's stat, read so that both saw the same completions. */
    private record Point(List<Series> scrape, BlockStat stat) {
        static Point stable(ExporterProcess exporter, LoopDevice loop) throws IOException, InterruptedException {
            for (int i = 0; i < STABLE_TRIES; i++) {
                BlockStat before = loop.stat();
                List<Series> scrape = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
                BlockStat after = loop.stat();
                if (before.equals(after) && after.inFlight() == 0) {
                    return new Point(scrape, after);
                }
            }
            throw new AssertionError(loop.name() + " kept completing I/O across " + STABLE_TRIES + " drains");
        }

        long metric(String name, String device, String operation) {
            return (long) Series.sum(scrape, name, Map.of("device", device, "operation", operation));
        }
    }

    /** What one run of the helper did to the device under one scheduler, seen by both sides. */
    private record Window(String scheduler, String device, String helper, BlockStat stat, Point start, Point end) {
        static Window measure(ExporterProcess exporter, LoopDevice loop, String scheduler)
                throws IOException, InterruptedException {
            loop.useScheduler(scheduler);
            Point start = Point.stable(exporter, loop);
            String helper = DIRECT_IO.run(60, loop.device().toString()).strip();
            Point end = Point.stable(exporter, loop);
            Window window = new Window(scheduler, loop.name(), helper, end.stat().minus(start.stat()), start, end);
            window.print();
            return window;
        }

        long delta(String metric, String operation) {
            return end.metric(metric, device, operation) - start.metric(metric, device, operation);
        }

        long queued() {
            return delta(QUEUE_COUNT, "read") + delta(QUEUE_COUNT, "write");
        }

        void print() {
            System.out.printf("biolatency %s, scheduler %s (helper: %s): reads stat %d / latency _count %d,"
                            + " bytes read stat %d / exported %d; writes stat %d / latency _count %d,"
                            + " bytes written stat %d / exported %d; queue-time _count %d of %d requests%n",
                    device, scheduler, helper, stat.reads(), delta(LATENCY_COUNT, "read"), stat.bytesRead(),
                    delta(BYTES, "read"), stat.writes(), delta(LATENCY_COUNT, "write"), stat.bytesWritten(),
                    delta(BYTES, "write"), queued(), stat.reads() + stat.writes());
        }

        void assertCountsAndBytesEqualBlockStat() {
            String where = device + " under " + scheduler;
            assertThat(stat.reads()).as("%s: the helper's reads reached the device", where).isPositive();
            assertThat(stat.writes()).as("%s: the helper's writes reached the device", where).isPositive();
            assertThat(delta(LATENCY_COUNT, "read")).as("%s: read latency _count", where).isEqualTo(stat.reads());
            assertThat(delta(LATENCY_COUNT, "write")).as("%s: write latency _count", where).isEqualTo(stat.writes());
            assertThat(delta(BYTES, "read")).as("%s: bytes read", where).isEqualTo(stat.bytesRead());
            assertThat(delta(BYTES, "write")).as("%s: bytes written", where).isEqualTo(stat.bytesWritten());
        }
    }
}
