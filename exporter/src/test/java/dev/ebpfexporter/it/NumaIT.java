package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import dev.ebpfexporter.testing.KernelTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The numa program on two kernels.
 *
 * <p>Host (one NUMA node, nothing migrates for NUMA reasons): the program loads, attaches and serves
 * its three metrics. That run also dumps a class-data archive the guest's JVM starts from: under
 * QEMU's emulation a JVM starts about three times faster with it.
 *
 * <p>Guest (../shared/numa-rig: Debian's 6.1 kernel, two nodes, automatic NUMA balancing on): every
 * shipped config passes {@code --config.check}; then the exporter runs the numa config while a
 * workload makes pages migrate and tasks move, swap and stick. Between two stable points (see
 * numa-guest.sh: a scrape and the kernel's counters, unchanged across a drain) the exported deltas
 * must equal the kernel's own:
 * <ul>
 *   <li>{@code numa_move_total} = {@code /proc/vmstat numa_pages_migrated}, exactly: both add the
 *       same nr_succeeded of each migrate_pages(MR_NUMA_MISPLACED) call, whoever's pages moved;
 *   <li>the latency histogram's {@code _count} = the number of mm_migrate_pages events with reason
 *       numa_misplaced (a tracefs hist trigger), exactly: one observation per call. A NUMA hinting
 *       fault migrates one folio per call and the workload uses 4 KiB pages, so the count is in
 *       practice at least the pages moved (calls that failed count too; a stray THP is 512 pages);
 *   <li>{@code numa_task_placement_total{kind}} = the hits of sched_move_numa, sched_swap_numa,
 *       sched_stick_numa (tracefs hist triggers), exactly.
 * </ul>
 */
@KernelTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NumaIT {
    private static final String MOVES = "ebpf_exporter_numa_move_total";
    private static final String LATENCY = "ebpf_exporter_numa_move_latency_seconds";
    private static final String PLACEMENT = "ebpf_exporter_numa_task_placement_total";
    private static final List<String> KINDS = List.of("move", "swap", "stick");
    private static final Path WORK = Path.of("target/numa-it").toAbsolutePath();
    private static final Path SHARED = WORK.resolve("shared");
    /**
     * The jar travels in the shared folder: the guest sees the host's / read-only, but its own
     * tmpfs covers the host's /tmp, where a checkout (a CI clone) may well live.
     */
    private static final Path SHARED_JAR = SHARED.resolve("ebpf-exporter.jar");
    private static final String GUEST_JAR = "/tmp/shared/ebpf-exporter.jar";
    private static final Path ARCHIVE = SHARED.resolve("exporter.jsa");
    private static final Path GUEST_SCRIPT = Path.of("src/test/sh/numa-guest.sh");
    /** Enough pages that the workload's own migrations dominate any stray ones. */
    private static final long MIN_PAGES = 4096;

    @BeforeAll
    static void prepare() throws Exception {
        NumaTracefs.ensureMounted();
        if (Files.exists(WORK)) { // results of an earlier run must not be read as this run's
            try (Stream<Path> old = Files.walk(WORK)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(SHARED);
        Files.copy(Path.of(System.getProperty("exporter.jar", "target/ebpf-exporter.jar")), SHARED_JAR);
        TestConfigs.copyShipped(SHARED.resolve("numa"), "numa");
        for (String name : shippedConfigs()) {
            TestConfigs.copyShipped(SHARED.resolve("all"), name);
        }
    }

    @Test
    @Order(1)
    void loadsAttachesAndServesOnTheHostKernel() throws Exception {
        int port = ExporterProcess.freePort();
        List<String> command = List.of(javaBinary(), "-XX:ArchiveClassesAtExit=" + ARCHIVE, "-jar", jar(),
                "--config.dir", SHARED.resolve("numa").toString(), "--drain.interval", "200ms",
                "--web.listen-address", "127.0.0.1:" + port);
        try (ExporterProcess exporter = ExporterProcess.startCommand("numa-host", command, port).awaitReady()) {
            List<Series> scrape = exporter.scrape();
            assertThat(Series.sum(scrape, "ebpf_exporter_config_loaded", Map.of("config", "numa"))).isEqualTo(1);
            for (String kind : KINDS) {
                assertThat(scrape).as("placement series %s", kind)
                        .anyMatch(s -> s.name().equals(PLACEMENT) && kind.equals(s.labels().get("kind")));
            }
            assertThat(scrape).anyMatch(s -> s.name().equals(LATENCY + "_count"));
            assertThat(exporter.log()).contains(
                    "attached [numa_migrate_start, numa_migrate_end, numa_task_move, numa_task_swap, numa_task_stick]");
            exporter.sigterm();
            assertThat(exporter.awaitExit(Duration.ofSeconds(20))).as(exporter.log()).isZero();
        }
    }

    @Test
    @Order(2)
    void countsWhatTheKernelCountsOnATwoNodeGuest() throws Exception {
        Optional<NumaRig> rig = NumaRig.locate();
        KernelTests.require(rig.isPresent(), "no shared/numa-rig/numa-rig above " + Path.of("").toAbsolutePath());
        Files.writeString(SHARED.resolve("params.sh"), "JAVA=" + javaBinary() + "\nJAR=" + GUEST_JAR
                + "\nJAVA_OPTS='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC'\n");
        Path log = Files.createDirectories(Path.of("target/it-logs")).resolve("numa-rig.log");

        int status = rig.get().run(GUEST_SCRIPT, SHARED, log);

        Path out = SHARED.resolve("out");
        assertThat(status).as("numa-rig exit status; its output:\n%s\nexporter:\n%s", NumaRig.tail(log),
                readIfExists(out.resolve("exporter.log"))).isZero();
        assertEveryShippedConfigPassedTheCheck(out);
        NumaStablePoint before = NumaStablePoint.read(out, "before");
        NumaStablePoint after = NumaStablePoint.read(out, "after");
        System.out.printf("numa guest: before %s, after %s%n", before.oracle(), after.oracle());

        long migrated = delta(before, after, "numa_pages_migrated");
        assertThat(migrated).as("pages the workload made migrate").isGreaterThanOrEqualTo(MIN_PAGES);
        assertThat(exportedDelta(before, after, MOVES, Map.of())).as("numa_move_total vs vmstat numa_pages_migrated")
                .isEqualTo(migrated);
        assertThat(delta(before, after, "misplaced_pages")).as("tracefs: succeeded of numa_misplaced calls")
                .isEqualTo(migrated);
        // The pages workload's task sits on node 1's CPU, which migrates its pages; strays of other
        // tasks (the exporter is pinned to node 0's CPU) are few.
        assertThat(exportedDelta(before, after, MOVES, Map.of("cpu_node", "1")))
                .as("pages migrated by node 1's CPU").isGreaterThan(migrated / 2);

        long calls = delta(before, after, "misplaced_calls");
        assertThat(exportedDelta(before, after, LATENCY + "_count", Map.of()))
                .as("latency observations vs mm_migrate_pages(numa_misplaced) events").isEqualTo(calls);
        // A hinting fault migrates one folio per call: at most a 2 MiB THP (512 pages); the workload's
        // 4 KiB pages make it one call per page, so in practice calls >= pages.
        assertThat(calls * 512).as("calls can carry at most one THP each").isGreaterThanOrEqualTo(migrated);
        double seconds = after.exported(LATENCY + "_sum") - before.exported(LATENCY + "_sum");
        assertThat(seconds).as("time spent migrating").isGreaterThan(0);
        System.out.printf("numa guest: %d pages in %d calls, %.6f s migrating (%.1f µs per call, emulated CPU)%n",
                migrated, calls, seconds, seconds / calls * 1e6);

        for (String kind : KINDS) {
            long hits = delta(before, after, kind);
            assertThat(hits).as("sched_%s_numa fired", kind).isPositive();
            assertThat(exportedDelta(before, after, PLACEMENT, Map.of("kind", kind)))
                    .as("numa_task_placement_total{kind=%s} vs sched_%s_numa hits", kind, kind).isEqualTo(hits);
        }
    }

    private static void assertEveryShippedConfigPassedTheCheck(Path out) throws IOException {
        String checkLog = Files.readString(out.resolve("check.log"));
        assertThat(Files.readString(out.resolve("check.rc")).trim()).as("--config.check in the guest:\n%s", checkLog)
                .isEqualTo("0");
        List<String> names = shippedConfigs();
        assertThat(checkLog).contains("config check passed: " + names.size() + " configs loaded and attached");
        for (String name : names) {
            assertThat(checkLog).contains("/tmp/shared/all/" + name + ".yaml: loaded, attached");
        }
    }

    private static List<String> shippedConfigs() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestConfigs.CONFIGS)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .forEach(n -> names.add(n.substring(0, n.length() - ".yaml".length())));
        }
        return names;
    }

    private static long delta(NumaStablePoint before, NumaStablePoint after, String key) {
        return after.oracle(key) - before.oracle(key);
    }

    private static long exportedDelta(NumaStablePoint before, NumaStablePoint after, String metric,
            Map<String, String> labels) {
        return (long) (after.exported(metric, labels) - before.exported(metric, labels));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar() {
        return SHARED_JAR.toString();
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "(none)";
    }
}
