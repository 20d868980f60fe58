package dev.ebpfexporter.it;

import dev.ebpfexporter.decode.Cgroup2Mount;
import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility suite on this host ({@link CompatCases#host}): every compat-CASE config in one
 * exporter, the driver's calls, each case's exposition equal to its golden file. The cases of hooks
 * this host lacks run in the guests ({@link GuestKernelIT}).
 *
 * <p>The driver runs pinned to CPU {@value #DRIVER_CPU}, in the cgroup {@value #DRIVER_CGROUP} at the
 * top of the cgroup2 hierarchy, made for the run, so that cases can count by CPU and by cgroup.
 */
@KernelTest
class CompatSuiteIT {
    private static final int DRIVER_CPU = 0;
    private static final String DRIVER_CGROUP = "ebpf-compat";

    @TempDir
    Path dir;

    @Test
    void everyCaseServesItsGoldenExposition() throws Exception {
        CompatCases suite = CompatCases.host();
        List<String> cases = suite.copyAll(dir);
        Path cgroup = Files.createDirectories(
                Cgroup2Mount.find(Path.of("/proc/self/mountinfo")).orElseThrow().resolve(DRIVER_CGROUP));
        try (ExporterProcess exporter = ExporterProcess.start("compat-suite", "--config.dir", dir.toString(),
                "--config.strict", "--drain.interval", "100ms").awaitReady()) {
            runDriver(cgroup);
            // Two drains see the driver's last counts; two more, and keys with idle_timeout 1ms are retired.
            exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            suite.assertServed(cases, exporter.scrapeText());
        } finally {
            Files.deleteIfExists(cgroup);
        }
    }

    /** Runs the driver in {@code cgroup} on CPU {@value #DRIVER_CPU}: a shell joins both, then becomes the driver. */
    private static void runDriver(Path cgroup) throws IOException, InterruptedException {
        TestHelper.runCommand(10, List.of("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs")
                + " && exec taskset -c " + DRIVER_CPU + " " + CompatCases.DRIVER.binary() + " "
                + CompatCases.DRIVER_CALLS));
    }
}
