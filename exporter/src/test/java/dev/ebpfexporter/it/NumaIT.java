package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.bpf.CpuList;
import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numa program on the host, which may have one NUMA node (then nothing migrates for NUMA reasons): it loads,
 * attaches and serves its four metrics, each node's move counter from the first scrape on. Its counts are checked against the kernel's own on two-node
 * guests: {@link GuestKernelIT#numaCountsEqualTheKernelsOwn}.
 */
@KernelTest
class NumaIT {
    private static final String MOVES = "ebpf_exporter_numa_move_total";
    private static final String LATENCY = "ebpf_exporter_numa_move_latency_seconds";
    private static final String LATENCY_TOTAL = "ebpf_exporter_numa_latency_total";
    private static final String PLACEMENT = "ebpf_exporter_numa_task_placement_total";

    @TempDir
    Path dir;

    @Test
    void loadsAttachesAndServesOnTheHostKernel() throws Exception {
        NumaTracefs.ensureMounted();
        TestConfigs.copyShipped(dir, "numa");
        try (ExporterProcess exporter = ExporterProcess.start("numa-host", "--config.dir", dir.toString(),
                "--drain.interval", "200ms").awaitReady()) {
            List<Series> scrape = exporter.scrape();
            assertThat(Series.sum(scrape, "ebpf_exporter_config_loaded", Map.of("config", "numa"))).isEqualTo(1);
            // Nothing migrates on one node, yet each node has its series from the first scrape on.
            assertThat(scrape.stream().filter(s -> s.name().equals(MOVES)).map(s -> s.labels().get("cpu_node") + "="
                    + s.value())).as("numa_move_total at the first scrape")
                    .containsExactlyInAnyOrderElementsOf(onlineNodes().stream().map(node -> node + "=0.0").toList());
            for (String kind : GuestNuma.PLACEMENT_KINDS) {
                assertThat(scrape).as("placement series %s", kind)
                        .anyMatch(s -> s.name().equals(PLACEMENT) && kind.equals(s.labels().get("kind")));
            }
            assertThat(scrape).anyMatch(s -> s.name().equals(LATENCY + "_count"));
            assertThat(Series.sum(scrape, LATENCY_TOTAL, Map.of())).as("numa_latency_total vs the histogram's _sum")
                    .isEqualTo(Series.sum(scrape, LATENCY + "_sum", Map.of()));
            assertThat(scrape).as("numa_latency_total is served").anyMatch(s -> s.name().equals(LATENCY_TOTAL));
            assertThat(exporter.log()).contains(
                    "attached [numa_migrate_start, numa_migrate_end, numa_task_move, numa_task_swap, numa_task_stick]");
            exporter.sigterm();
            assertThat(exporter.awaitExit(Duration.ofSeconds(20))).as(exporter.log()).isZero();
        }
    }

    private static List<Integer> onlineNodes() throws IOException {
        return CpuList.parse(Files.readString(Path.of("/sys/devices/system/node/online")));
    }
}
