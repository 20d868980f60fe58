package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * direct-reclaim against the kernel's own count of the same reclaims: a helper in a memory cgroup
 * limited to {@value #LIMIT_MIB} MiB reads a {@value #FILE_MIB} MiB file through the page cache
 * {@value #PASSES} times (direct-reclaim-stall.c); every page it reads is charged to the cgroup,
 * so past the limit each charge reclaims the cgroup's older clean pages (no swap needed, no OOM).
 * The helper's {@code _count{kind="memcg"}} must equal the mm_vmscan_memcg_reclaim_begin events a
 * perf counter on the helper alone saw while its comm was set, and {@code kind="global"} the
 * mm_vmscan_direct_reclaim_begin ones (none on a machine with free memory).
 *
 * <p>Exact: both count the same tracepoint firings of one task. The program misses a stall only
 * without its begin stamp (a reclaim under way at attach; the helper starts after) or when a stamp
 * is evicted from its LRU map (thousands of threads reclaiming at once), and reclaim does not
 * nest, so a begin is always followed by its own end in the same task.
 */
@KernelTest
class DirectReclaimIT {
    static final String METRIC = "ebpf_exporter_direct_reclaim_stall_seconds";
    private static final String CONFIG = "direct-reclaim";
    private static final int LIMIT_MIB = 16;
    private static final int FILE_MIB = 64;
    private static final int PASSES = 2;
    /** Each pass charges 48 MiB past the limit, reclaimed in batches of at most a few MiB. */
    private static final long MIN_RECLAIMS = 10;
    private static final Duration DRAINS_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path configDir;

    private Path file;

    /** A file on the disk the build lives on (not the tmpfs a @TempDir may be): its pages are reclaimable page cache. */
    @BeforeEach
    void writeFile() throws IOException, InterruptedException {
        file = Files.createDirectories(Path.of("target/direct-reclaim-it")).resolve("page-cache.dat").toAbsolutePath();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer mib = ByteBuffer.allocate(1 << 20);
            for (int i = 0; i < FILE_MIB; i++) {
                out.write(mib.clear());
            }
            out.force(true); // clean pages: the helper's first pass can drop them
        }
        assertThat(Files.getFileStore(file).type()).as("file system of %s (tmpfs pages are not reclaimable without swap)",
                file).isNotEqualTo("tmpfs");
        NumaTracefs.ensureMounted(); // the helper finds the tracepoints' ids there
    }

    @AfterEach
    void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @Test
    void memcgStallsOfAHelperEqualItsOwnCountOfReclaims() throws Exception {
        String comm = DirectReclaimStall.uniqueComm();
        try (ExporterProcess exporter = start(UnaryOperator.identity());
                MemoryCgroup cgroup = MemoryCgroup.create("ebpf-exporter-direct-reclaim", LIMIT_MIB << 20)) {
            DirectReclaimStall.Counts kernel = DirectReclaimStall.readIn(cgroup, comm, file, PASSES);
            List<Series> scrape = exporter.endpoint().scrapeAfterNextDrains(DRAINS_TIMEOUT);
            Map<String, String> memcg = Map.of("comm", comm, "kind", "memcg");
            long memcgCount = (long) Series.sum(scrape, METRIC + "_count", memcg);
            long globalCount = (long) Series.sum(scrape, METRIC + "_count", Map.of("comm", comm, "kind", "global"));
            double seconds = Series.sum(scrape, METRIC + "_sum", memcg);
            System.out.printf("%s in a %d MiB memory cgroup, %d passes over %d MiB: memcg stalls exported %d, "
                    + "perf counted %d (%.6f s stalled); global exported %d, perf counted %d%n", comm, LIMIT_MIB,
                    PASSES, FILE_MIB, memcgCount, kernel.memcg(), seconds, globalCount, kernel.global());

            assertThat(kernel.memcg()).as("memcg reclaims the helper entered").isGreaterThanOrEqualTo(MIN_RECLAIMS);
            assertThat(memcgCount).as("memcg stalls exported for %s vs its perf count", comm).isEqualTo(kernel.memcg());
            assertThat(globalCount).as("global stalls exported for %s vs its perf count", comm)
                    .isEqualTo(kernel.global());
            assertThat(Series.sum(scrape, METRIC + "_bucket", Map.of("comm", comm, "kind", "memcg", "le", "+Inf")))
                    .as("+Inf bucket vs _count").isEqualTo((double) memcgCount);
            assertThat(seconds).as("time stalled").isPositive();
        }
    }

    /** max_entries bounds the series: what does not fit is counted as overflow, not lost silently. */
    @Test
    void aSmallMapBoundsTheSeriesAndCountsWhatDidNotFit() throws Exception {
        int maxEntries = 4;
        try (ExporterProcess exporter = start(
                yaml -> yaml.replace("      bucket_type:", "      max_entries: " + maxEntries + "\n      bucket_type:"));
                MemoryCgroup cgroup = MemoryCgroup.create("ebpf-exporter-direct-reclaim", LIMIT_MIB << 20)) {
            DirectReclaimStall.readIn(cgroup, DirectReclaimStall.uniqueComm(), file, 1);
            List<Series> scrape = exporter.endpoint().scrapeAfterNextDrains(DRAINS_TIMEOUT);
            Map<String, String> map = Map.of("config", CONFIG, "map", "direct_reclaim_stall_seconds");
            double entries = Series.sum(scrape, "ebpf_exporter_map_entries", map);
            double overflow = Series.sum(scrape, "ebpf_exporter_map_overflow_total", map);
            System.out.printf("direct-reclaim with max_entries %d: %.0f entries, %.0f overflowed increments%n",
                    maxEntries, entries, overflow);
            assertThat(entries).isLessThanOrEqualTo(maxEntries);
            assertThat(overflow).as("increments that did not fit").isPositive();
        }
    }

    private ExporterProcess start(UnaryOperator<String> edit) throws Exception {
        TestConfigs.copyShipped(configDir, CONFIG, edit);
        return ExporterProcess.start(CONFIG, "--config.dir", configDir.toString(), "--drain.interval", "100ms")
                .awaitReady();
    }
}
