package dev.ebpfexporter.it;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This host's kernel as a column of the kernel matrix whose guest columns are {@link GuestKernelIT}:
 * every shipped config loads and attaches, and the probe kinds give what this kernel allows (it has
 * no kprobes and refuses fentry; it runs uprobes).
 */
@KernelTest
class HostKernelIT {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void everyShippedConfigLoadsAndAttaches() throws Exception {
        ShippedConfigs.copyAll(dir);
        try (ExporterProcess check = ExporterProcess.start("host-config-check", "--config.dir", dir.toString(),
                "--config.check")) {
            ShippedConfigs.assertCheckPassed(dir, check.awaitExit(CHECK_TIMEOUT), check.log());
        }
    }

    /**
     * {@link GuestKernelIT#everyProbeKindCountsExactlyAndAMissingFunctionFailsAlone} here: uprobes
     * count exactly; kprobes and fentry are refused, each config alone and saying why.
     */
    @Test
    void uprobesCountExactlyAndRefusedKindsFailAlone() throws Exception {
        List<ProbeKinds.Expectation> expected = List.of(
                ProbeKinds.Expectation.counts("uprobe"),
                ProbeKinds.Expectation.fails("kprobe", "kprobe_getppid", "no kprobes"),
                ProbeKinds.Expectation.fails("fentry", "fentry_getppid", "refuses fentry/fexit"),
                ProbeKinds.Expectation.fails("kprobe-missing", "kprobe_missing", "no kprobes"),
                ProbeKinds.Expectation.fails("fentry-missing", "fentry_missing", "ebpf_exporter_no_such_function"));
        ProbeKinds.copyConfigs(dir, expected);
        int port = ExporterProcess.freePort();
        List<String> command = List.of("env", "PATH=" + ProbeKinds.exporterPath(), "java", "-jar",
                ExporterProcess.JAR.toString(),
                "--config.dir", dir.toString(), "--drain.interval", "100ms", "--web.listen-address", "127.0.0.1:" + port);
        try (ExporterProcess exporter = ExporterProcess.startCommand("host-probe-kinds", command, port).awaitReady()) {
            String comm = ProbeKinds.uniqueComm();
            ProbeKinds.DRIVER.run(60, comm, Long.toString(ProbeKinds.CALLS));
            ProbeKinds.assertRun(expected, exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10)),
                    exporter.log(), comm);
        }
    }
}
