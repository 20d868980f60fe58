package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.BpfTool;
import dev.ebpfexporter.testing.HeldBpf;
import dev.ebpfexporter.testing.KernelTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM: exit 0 within 2 s, and every program and link the exporter held is gone from the
 * kernel. "Its" programs and links are the ids its own file descriptors refer to, so programs that
 * anything else loads meanwhile cannot confuse the comparison.
 */
@KernelTest
class ShutdownIT {
    @Test
    void sigtermDetachesEverythingAndExitsZeroWithinTwoSeconds() throws Exception {
        try (ExporterProcess exporter = ExporterProcess.start("shutdown").awaitReady()) {
            HeldBpf held = HeldBpf.of(exporter.pid());
            Map<String, BpfTool.Program> loaded = BpfTool.programs();
            // Every bundled config that loads here: at least page-faults, each program attached once.
            assertThat(held.programs()).as("names of the programs the exporter holds")
                    .extracting(id -> loaded.get(id).name())
                    .contains("page_fault_user", "page_fault_kernel");
            assertThat(held.links()).as("links the exporter holds").hasSameSizeAs(held.programs());
            assertThat(BpfTool.ids("link")).as("bpftool link list").containsAll(held.links());

            long start = System.nanoTime();
            exporter.sigterm();
            int status = exporter.awaitExit(Duration.ofSeconds(2));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(status).as("exit status after SIGTERM (%d ms)", millis).isZero();
            assertThat(BpfTool.stillLoaded("prog", held.programs())).as("programs left behind").isEmpty();
            assertThat(BpfTool.stillLoaded("link", held.links())).as("links left behind").isEmpty();
            assertThat(exporter.log()).contains("signal received");
        }
    }
}
