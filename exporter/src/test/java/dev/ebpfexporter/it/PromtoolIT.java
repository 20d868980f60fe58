package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole text exposition of the bundled default (our metrics, self metrics, JVM metrics)
 * passes {@code promtool check metrics}.
 *
 * <p>promtool (2.42) exits 1 when it cannot parse the exposition ("error while linting: ..."),
 * 3 when it parsed it but has lint advice, printed one line per problem as "metric advice", and 0
 * when clean. A parse error fails the test; lint advice is tolerated for metric families that
 * libraries name (JVM, Jetty), but not for our own ebpf_exporter_* families, whose names we choose.
 */
@KernelTest
class PromtoolIT {
    private static final int PARSED_WITH_LINT_ADVICE = 3;

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
            assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            System.out.printf("promtool check metrics: exit %d%n%s", promtool.exitValue(), report);

            assertThat(promtool.exitValue()).as("promtool exit status; report:%n%s", report)
                    .isIn(0, PARSED_WITH_LINT_ADVICE);
            List<String> adviceOnOurs = report.lines().filter(line -> line.startsWith("ebpf_exporter_")).toList();
            assertThat(adviceOnOurs).as("lint advice on our own metric families").isEmpty();
        }
    }
}
