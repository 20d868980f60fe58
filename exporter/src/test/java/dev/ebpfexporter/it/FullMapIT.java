package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page-faults map too small for the machine's comms (max_entries: 4) fills at once; the
 * increments that find it full are not lost: they are exported in the [overflow] series and
 * counted by ebpf_exporter_map_overflow_total.
 */
@KernelTest
class FullMapIT {
    private static final long PAGES = 100_000;
    private static final Map<String, String> OVERFLOW = Map.of("comm", "[overflow]", "kind", "[overflow]");
    private static final Map<String, String> MAP = Map.of("config", "page-faults", "map", "page_faults_total");

    @TempDir
    Path configDir;

    @Test
    void incrementsThatFindTheMapFullAreExportedAsOverflow() throws Exception {
        TestConfigs.copyShipped(configDir, "page-faults",
                yaml -> yaml.replaceFirst("(\n      help: [^\n]*\n)", "$1      max_entries: 4\n"));
        String comm = Faulter.uniqueComm();
        try (ExporterProcess exporter = ExporterProcess.start("full-map",
                "--config.dir", configDir.toString(), "--drain.interval", "100ms").awaitReady()) {
            awaitFull(exporter);
            List<Series> before = exporter.scrape();

            long kernelCount = Faulter.run(comm, PAGES);
            List<Series> after = awaitOverflowRise(exporter, before, kernelCount);

            assertThat(Series.sum(after, "ebpf_exporter_map_max_entries", MAP)).isEqualTo(4);
            assertThat(Series.values(after, PageFaultsExactnessIT.METRIC, Map.of("comm", comm)))
                    .as("the helper's comm found no room in the full map").isEmpty();
            double overflowRise = overflowRise(before, after);
            assertThat(overflowRise).as("[overflow] rise vs the helper's %d faults", kernelCount)
                    .isGreaterThanOrEqualTo(kernelCount);
            assertThat(Series.sum(after, "ebpf_exporter_map_overflow_total", MAP)
                    - Series.sum(before, "ebpf_exporter_map_overflow_total", MAP))
                    .isEqualTo(overflowRise);
        }
    }

    private static double overflowRise(List<Series> before, List<Series> after) {
        return Series.sum(after, PageFaultsExactnessIT.METRIC, OVERFLOW)
                - Series.sum(before, PageFaultsExactnessIT.METRIC, OVERFLOW);
    }

    /** Other tasks fault all the time, so the overflow never settles: wait until it covers ours. */
    private static List<Series> awaitOverflowRise(ExporterProcess exporter, List<Series> before, long atLeast)
            throws Exception {
        List<Series> after = exporter.scrape();
        for (int i = 0; i < 100 && overflowRise(before, after) < atLeast; i++) {
            Thread.sleep(100);
            after = exporter.scrape();
        }
        return after;
    }

    private static void awaitFull(ExporterProcess exporter) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Series.sum(exporter.scrape(), "ebpf_exporter_map_entries", MAP) == 4) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the 4-entry map never filled");
    }
}
