package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import dev.ebpfexporter.testing.BpfTool;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM: exit 0 within 2 s, and every program and link the exporter made is gone from the kernel. */
@KernelTest
class ShutdownIT {
    @Test
    void sigtermDetachesEverythingAndExitsZeroWithinTwoSeconds() throws Exception {
        Set<String> programsBefore = Set.copyOf(BpfTool.ids("prog"));
        Set<String> linksBefore = Set.copyOf(BpfTool.ids("link"));
        try (ExporterProcess exporter = ExporterProcess.start("shutdown").awaitReady()) {
            Set<String> ours = new TreeSet<>(BpfTool.ids("prog"));
            ours.removeAll(programsBefore);
            assertThat(ours).as("the exporter's programs while it runs").hasSizeGreaterThanOrEqualTo(2);

            long start = System.nanoTime();
            exporter.sigterm();
            int status = exporter.awaitExit(Duration.ofSeconds(2));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(status).as("exit status after SIGTERM (%d ms)", millis).isZero();
            assertThat(BpfTool.leftSince("prog", programsBefore)).as("programs left behind").isEmpty();
            assertThat(BpfTool.leftSince("link", linksBefore)).as("links left behind").isEmpty();
            assertThat(exporter.log()).contains("signal received");
        }
    }
}
