package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel the suite runs on, as a column of the kernel matrix whose guest columns are
 * {@link GuestKernelIT}: every shipped config loads and attaches, and the probe kinds give what a
 * kernel without kprobes that refuses fentry allows (uprobes run): the expectations below are
 * those of such a host.
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
     * {@link GuestKernelIT#everyProbeKindCountsExactlyAndAMissingFunctionFailsAlone} on the host: uprobes
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

    /**
     * The guest compatibility cases ({@link CompatCases#guest}) here: those of kprobe-based hooks
     * and of trampolines are refused, each config alone and saying why; the perf-event and uprobe
     * ones run.
     */
    @Test
    void guestCompatCasesOfHooksThisHostLacksFailAlone() throws Exception {
        List<ProbeKinds.Expectation> expected = List.of(
                ProbeKinds.Expectation.fails("guest-compat-fentry", "compat_fentry_", "refuses fentry/fexit"),
                ProbeKinds.Expectation.fails("guest-compat-kprobe", "compat_kprobe_", "no kprobes"),
                ProbeKinds.Expectation.fails("guest-compat-ksym", "compat_ksym", "no kprobes"),
                ProbeKinds.Expectation.counts("guest-compat-perf-event"),
                ProbeKinds.Expectation.counts("guest-compat-uprobe"));
        CompatCases guestCases = CompatCases.guest("host");
        List<String> cases = guestCases.copyAll(dir);
        assertThat(expected).extracting(ProbeKinds.Expectation::config).as("an expectation for every guest case")
                .containsExactlyElementsOf(cases.stream().map(guestCases::config).toList());
        try (ExporterProcess exporter = ExporterProcess.start("host-guest-compat", "--config.dir", dir.toString(),
                "--drain.interval", "100ms").awaitReady()) {
            List<Series> scrape = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            ProbeKinds.assertLoadedOrFailedAlone(expected, scrape, exporter.log());
        }
    }
}
