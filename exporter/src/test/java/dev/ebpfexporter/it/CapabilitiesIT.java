package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege after attach, read where the kernel keeps it: the status file of every thread of
 * the exporter (/proc/PID/status is its first thread's, the launcher's, which never runs exporter
 * code). The exporter runs as root with every capability here, so anything kept beyond the asked
 * set would show. Every other kernel test runs the exporter with the default set too, so the
 * whole suite is what shows each feature still works after the drop.
 */
@KernelTest
class CapabilitiesIT {
    /** cap_dac_read_search (2), cap_syslog (34), cap_perfmon (38), cap_bpf (39): the default set. */
    private static final String DEFAULT_SET = "000000c400000004";
    private static final String NONE = "0000000000000000";

    @TempDir
    Path dir;
    private int commands;

    @Test
    void afterAttachEveryThreadKeepsOnlyTheDefaultSetAndReloadStillLoadsEveryKindOfConfig() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        try (ExporterProcess exporter = start("capabilities-default")) {
            assertThat(ThreadStatus.ofEveryThread(exporter.pid())).as("capability lines of every thread").allSatisfy(status -> {
                assertThat(status).containsEntry("CapEff", DEFAULT_SET).containsEntry("CapPrm", DEFAULT_SET)
                        .containsEntry("CapBnd", DEFAULT_SET).containsEntry("CapInh", NONE)
                        .containsEntry("CapAmb", NONE).containsEntry("NoNewPrivs", "1");
            });
            assertCountsGrow(exporter);

            // After the drop: a tp_btf program with the ksym decoder (CAP_SYSLOG), classic tracepoints (tracefs).
            TestConfigs.copyShipped(dir, "timer-latency");
            TestConfigs.copyShipped(dir, "numa");
            sighup(exporter);
            exporter.awaitLogged("reload done: 2 added, 0 changed, 0 removed, 1 unchanged");
            List<Series> after = exporter.scrapeAfterADrainBegunAfter(Instant.now());
            assertThat(Series.sum(after, "ebpf_exporter_config_last_reload_successful", Map.of())).isEqualTo(1);
            assertThat(after).filteredOn(series -> series.name().startsWith("ebpf_exporter_timer_callback_seconds"))
                    .as("timer callbacks, named by ksym").isNotEmpty()
                    .allSatisfy(series -> assertThat(series.labels().get("function")).doesNotStartWith("unknown_addr"));
        }
    }

    @Test
    void keepingNoneStillDrainsRetiresDecodesAndAReloadThatNeedsACapabilityFailsLeavingTheRunningConfigs()
            throws Exception {
        TestConfigs.copyShipped(dir, "page-faults", yaml -> yaml.replace("idle_timeout: 1m", "idle_timeout: 1s"));
        TestConfigs.copyShipped(dir, "run-queue-latency-cgroup");
        try (ExporterProcess exporter = start("capabilities-none", "--capabilities.keep=none")) {
            assertThat(ThreadStatus.ofEveryThread(exporter.pid())).allSatisfy(status -> assertThat(status)
                    .containsEntry("CapEff", NONE).containsEntry("CapPrm", NONE).containsEntry("NoNewPrivs", "1"));
            assertCountsGrow(exporter);
            Thread.sleep(3_000); // idle comms' keys are deleted from the kernel map after 1 s
            List<Series> later = exporter.scrapeAfterADrainBegunAfter(Instant.now());
            assertThat(Series.sum(later, "ebpf_exporter_map_keys_retired_total", Map.of("config", "page-faults")))
                    .as("idle keys deleted after the drop").isPositive();
            assertThat(later).filteredOn(series -> series.name().equals("ebpf_exporter_run_queue_latency_by_cgroup_seconds_count"))
                    .as("run-queue latency by cgroup path, decoded after the drop").isNotEmpty()
                    .allSatisfy(series -> assertThat(series.labels().get("cgroup")).startsWith("/"));
            assertThat(exporter.log()).doesNotContain("deleting an idle key failed", "map read failed");

            TestConfigs.copyShipped(dir, "oomkill");
            sighup(exporter);
            exporter.awaitLogged("reload failed for 1 of 3 configs");
            assertThat(exporter.log()).contains("oomkill", "EPERM");
            List<Series> after = exporter.scrapeAfterADrainBegunAfter(Instant.now());
            assertThat(Series.sum(after, "ebpf_exporter_config_last_reload_successful", Map.of())).isZero();
            assertThat(Series.sum(after, "ebpf_exporter_config_loaded", Map.of("config", "page-faults"))).isEqualTo(1);
            assertCountsGrow(exporter);
        }
    }

    @Test
    void keepingAllChangesNothing() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        Map<String, String> ours = ThreadStatus.read(Path.of("/proc/self/status"));
        try (ExporterProcess exporter = start("capabilities-all", "--capabilities.keep=all")) {
            assertThat(ThreadStatus.ofEveryThread(exporter.pid())).allSatisfy(status -> {
                for (String line : List.of("CapEff", "CapPrm", "CapBnd", "NoNewPrivs")) {
                    assertThat(status.get(line)).as(line).isEqualTo(ours.get(line));
                }
            });
        }
    }

    private ExporterProcess start(String testName, String... args) throws IOException, InterruptedException {
        List<String> all = Stream.concat(Stream.of("--config.dir", dir.toString(), "--drain.interval", "200ms"),
                Stream.of(args)).toList();
        return ExporterProcess.start(testName, all.toArray(String[]::new)).awaitLogged("ready in");
    }

    /**
     * A process that starts after the drop, under a name of its own, has its page faults counted:
     * the drain needs none of what was dropped.
     */
    private void assertCountsGrow(ExporterProcess exporter) throws IOException, InterruptedException {
        String comm = "capsit-" + ++commands;
        Path command = Files.copy(Path.of("/bin/true"), dir.resolve(comm));
        Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwx------"));
        TestHelper.runCommand(10, List.of(command.toString()));
        double faults = Series.sum(exporter.scrapeAfterADrainBegunAfter(Instant.now()),
                "ebpf_exporter_page_faults_total", Map.of("comm", comm));
        assertThat(faults).as("page faults of %s, started after the drop", comm).isPositive();
    }

    private static void sighup(ExporterProcess exporter) throws IOException, InterruptedException {
        TestHelper.runCommand(10, List.of("kill", "-HUP", Long.toString(exporter.pid())));
    }
}
