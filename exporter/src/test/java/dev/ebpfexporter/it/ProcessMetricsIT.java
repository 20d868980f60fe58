package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The standard process metrics every Prometheus exporter serves, under their conventional names,
 * once each, and right: compared with what /proc says about the exporter's process at the same
 * moment.
 */
@KernelTest
class ProcessMetricsIT {
    private static final List<String> STANDARD = List.of("process_cpu_seconds_total", "process_resident_memory_bytes",
            "process_virtual_memory_bytes", "process_open_fds", "process_max_fds", "process_start_time_seconds");

    @Test
    void standardProcessMetricsAgreeWithProc() throws Exception {
        try (ExporterProcess exporter = ExporterProcess.start("process-metrics").awaitReady()) {
            String text = exporter.scrapeText();
            Path proc = ProcFiles.proc(exporter.pid());
            long openFds = ProcFiles.openFds(exporter.pid());
            long rssBytes = ProcFiles.status(exporter.pid(), "VmRSS") * 1024;
            List<Series> scrape = Series.parseAll(text);

            for (String name : STANDARD) {
                assertThat(text.lines().filter(l -> l.startsWith("# TYPE " + name + " ")))
                        .as("TYPE lines of %s", name).hasSize(1);
                assertThat(Series.values(scrape, name, Map.of())).as("series of %s", name).hasSize(1);
            }
            assertThat(value(scrape, "process_open_fds")).as("open fds (/proc: %d)", openFds)
                    .isBetween(openFds - 5.0, openFds + 5.0);
            assertThat(value(scrape, "process_max_fds")).as("max fds")
                    .isEqualTo((double) maxOpenFiles(proc));
            assertThat(value(scrape, "process_resident_memory_bytes")).as("RSS (/proc: %d)", rssBytes)
                    .isBetween(rssBytes * 0.8, rssBytes * 1.2);
            assertThat(value(scrape, "process_virtual_memory_bytes")).as("virtual memory")
                    .isEqualTo(ProcFiles.status(exporter.pid(), "VmSize") * 1024.0, within(64e6));
            assertThat(value(scrape, "process_cpu_seconds_total")).as("CPU seconds").isPositive();
            double now = System.currentTimeMillis() / 1e3;
            assertThat(value(scrape, "process_start_time_seconds")).as("start time").isBetween(now - 60, now);
        }
    }

    private static double value(List<Series> scrape, String name) {
        return Series.values(scrape, name, Map.of()).get(0);
    }

    /** The soft limit on open files, from /proc/PID/limits ("Max open files  SOFT  HARD  files"). */
    private static long maxOpenFiles(Path proc) throws IOException {
        return Files.readAllLines(proc.resolve("limits")).stream()
                .filter(l -> l.startsWith("Max open files"))
                .map(l -> Long.parseLong(l.substring("Max open files".length()).trim().split("\\s+")[0]))
                .findFirst().orElseThrow();
    }
}
