package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The whole exposition of the bundled default (our metrics, self metrics, JVM metrics) passes promtool. */
@KernelTest
class PromtoolIT {
    @Test
    void bundledDefaultExpositionPassesPromtoolCheckMetrics() throws Exception {
        try (ExporterProcess exporter = ExporterProcess.start("promtool", "--drain.interval", "200ms").awaitReady()) {
            Thread.sleep(500); // a few drains, so counters and self metrics have moved
            String text = exporter.scrapeText();
            assertThat(text).contains("ebpf_exporter_page_faults_total{").contains("ebpf_exporter_drains_total");

            Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            promtool.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            promtool.getOutputStream().close();
            String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // promtool exits 1 for lint problems too (e.g. naming advice), 3 for a broken exposition:
            // the report must be empty for our exposition.
            assertThat(report).as("promtool check metrics report").isEmpty();
            assertThat(promtool.exitValue()).isZero();
        }
    }
}
