package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ebpf_exporter's {@code tracing:} (spans) is not exported here: beside metrics it is ignored with a
 * warning and the metrics run; alone it is refused by name, and the other configs still serve.
 */
@KernelTest
class TracingIT {
    private static final String SPANS = """
            tracing:
              spans:
                - name: exec
                  ringbuf: exec_spans
                  service: exec-trace
            """;

    @TempDir
    Path dir;

    @Test
    void tracingBesideMetricsIsIgnoredAndTracingAloneRefused() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults", yaml -> yaml + SPANS);
        Files.writeString(dir.resolve("spans-only.yaml"), SPANS);
        Files.copy(dir.resolve("page-faults.bpf.o"), dir.resolve("spans-only.bpf.o"), StandardCopyOption.REPLACE_EXISTING);
        try (ExporterProcess exporter = ExporterProcess.start("tracing", "--config.dir", dir.toString()).awaitReady()) {
            assertThat(exporter.log())
                    .contains("page-faults.yaml:" + (Files.readString(dir.resolve("page-faults.yaml")).lines()
                            .takeWhile(line -> !line.equals("tracing:")).count() + 1)
                            + ":1: tracing is ignored: this exporter does not export ebpf_exporter's spans; the"
                            + " config's metrics run without them")
                    .contains("config 'spans-only' is skipped: " + dir.resolve("spans-only.yaml")
                            + ":1:1: tracing is not supported (this exporter does not export ebpf_exporter's spans),"
                            + " and this config declares no metrics");
            List<Series> scrape = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            assertThat(Series.sum(scrape, "ebpf_exporter_config_loaded", Map.of("config", "page-faults"))).isEqualTo(1);
            assertThat(Series.sum(scrape, "ebpf_exporter_config_loaded", Map.of("config", "spans-only"))).isZero();
        }
    }
}
