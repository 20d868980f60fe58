package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oomkill program counts each OOM kill once, under the victim's comm and cgroup.
 *
 * <p>Helpers (oom-victim.c) with comms no other task has join a fresh memory cgroup limited to
 * LIMIT_MIB (nothing outside it can be chosen by its OOM killer) and write to memory there. Oracles:
 * the memory cgroup's own oom_kill count, and /proc/vmstat oom_kill. Exact, by mechanism:
 * mark_oom_victim() fires the tracepoint once per kill, after the SIGKILL; once marked, the dying
 * victim's further charges are forced through rather than running the OOM killer again. vmstat is
 * machine-wide, so other tasks' kills meanwhile may add to it: it must grow by at least the test's
 * kills, and is printed beside the growth of all the exporter's series.
 */
@KernelTest
class OomKillIT {
    private static final String METRIC = "ebpf_exporter_oom_kills_total";
    private static final long LIMIT_MIB = 32;
    /** Well past the limit, harmless should the limit not apply: the helper then exits 1. */
    private static final long PAST_LIMIT_MIB = 256;
    /** Three quarters of the limit: the cgroup's largest task, whatever the other one holds when the limit is hit. */
    private static final long HOLD_MIB = 24;
    private static final int SIGKILL_STATUS = 128 + 9;
    private static final Pattern VMSTAT_OOM_KILL = Pattern.compile("(?m)^oom_kill (\\d+)$");
    private static final TestHelper VICTIM = new TestHelper("oom-victim");

    @TempDir
    Path configDir;

    private final int id = new Random().nextInt(100_000_000);
    private ExporterProcess exporter;
    private MemoryLimitedCgroup cgroup;
    private double allBefore;
    private long vmstatBefore;

    @BeforeEach
    void startExporterAndMakeCgroup() throws Exception {
        TestConfigs.copyShipped(configDir, "oomkill");
        exporter = ExporterProcess.start("oomkill", "--config.dir", configDir.toString(), "--drain.interval", "100ms")
                .awaitReady();
        cgroup = MemoryLimitedCgroup.create("ebpf-exporter-oomkill-" + id, LIMIT_MIB << 20);
        allBefore = Series.sum(exporter.scrape(), METRIC, Map.of());
        vmstatBefore = vmstatOomKills();
    }

    @AfterEach
    void removeCgroupAndStopExporter() throws IOException {
        try {
            if (cgroup != null) {
                cgroup.close(); // its helpers have exited
            }
        } finally {
            if (exporter != null) {
                exporter.close();
            }
        }
    }

    /** A helper alone in the cgroup grows past the limit KILLS times: each time it is the victim and the running task. */
    @Test
    void eachKillOfAHelperAloneInTheCgroupIsCountedOnceUnderItsCommAndCgroup() throws Exception {
        int kills = 5;
        String comm = String.format("oom%08d", id);
        for (int i = 0; i < kills; i++) {
            runUntilKilled(start(comm, PAST_LIMIT_MIB, "exit"));
        }
        assertKills(Map.of(comm, kills));
    }

    /**
     * A holder takes HOLD_MIB and waits; a grower then charges past the limit. The OOM killer, run by
     * the grower's charge, kills the holder (the largest task), and the grower, growing on, is killed
     * next: one kill each. Counting the running task's comm would give the grower both.
     */
    @Test
    void aKillRunByAnotherTasksChargeIsCountedUnderTheVictim() throws Exception {
        String holderComm = String.format("oomh%08d", id);
        String growerComm = String.format("oomg%08d", id);
        Process holder = start(holderComm, HOLD_MIB, "hold");
        try {
            String held = new String(holder.getInputStream().readNBytes("held\n".length()), StandardCharsets.UTF_8);
            assertThat(held).as("the holder's first output").isEqualTo("held\n");
            runUntilKilled(start(growerComm, PAST_LIMIT_MIB, "exit"));
            runUntilKilled(holder);
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertKills(Map.of(holderComm, 1, growerComm, 1));
    }

    /** Compares the exporter's series of each comm (under the helpers' v2 cgroup) with the oracles. */
    private void assertKills(Map<String, Integer> killsByComm) throws Exception {
        long vmstatGrowth = vmstatOomKills() - vmstatBefore;
        long cgroupKills = cgroup.oomKills();
        List<Series> scrape = exporter.scrapeAfterADrainBegunAfter(Instant.now());
        int kills = killsByComm.values().stream().mapToInt(Integer::intValue).sum();
        double allGrowth = Series.sum(scrape, METRIC, Map.of()) - allBefore;
        System.out.printf("%d kills in memory cgroup (its oom_kill: %d); vmstat oom_kill +%d, all exported series +%.0f%n",
                kills, cgroupKills, vmstatGrowth, allGrowth);
        for (Map.Entry<String, Integer> expected : killsByComm.entrySet()) {
            Map<String, String> ours = new HashMap<>(Map.of("comm", expected.getKey()));
            cgroup.v2().ifPresent(dir -> ours.put("cgroup", dir.toString()));
            double ofComm = Series.sum(scrape, METRIC, Map.of("comm", expected.getKey()));
            double ofCommAndCgroup = Series.sum(scrape, METRIC, ours);
            System.out.printf("  exported %s: %.0f (any cgroup: %.0f), expected %d%n", ours, ofCommAndCgroup, ofComm,
                    expected.getValue());
            assertThat(ofCommAndCgroup).as("exported kills of %s", ours).isEqualTo(expected.getValue().doubleValue());
            assertThat(ofComm).as("exported kills of comm %s, any cgroup", expected.getKey()).isEqualTo(expected.getValue().doubleValue());
        }
        assertThat(cgroupKills).as("the memory cgroup's own OOM kills").isEqualTo(kills);
        assertThat(vmstatGrowth).as("machine-wide OOM kills (vmstat oom_kill)").isGreaterThanOrEqualTo(kills);
    }

    /** Starts the helper in the cgroup: it takes {@code comm}, then writes {@code mib} MiB and exits or holds. */
    private Process start(String comm, long mib, String then) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(VICTIM.binary().toString(), comm, Long.toString(mib), then));
        command.addAll(cgroup.procsFiles());
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Waits for the helper's end; fails unless the OOM killer ended it (SIGKILL). */
    private static void runUntilKilled(Process helper) throws IOException, InterruptedException {
        String output = new String(helper.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!helper.waitFor(60, TimeUnit.SECONDS)) {
            helper.destroyForcibly().waitFor();
            throw new AssertionError("oom-victim still running after 60 s: " + output);
        }
        assertThat(helper.exitValue()).as("oom-victim's exit status (137: SIGKILL); it printed: %s", output)
                .isEqualTo(SIGKILL_STATUS);
    }

    private static long vmstatOomKills() throws IOException {
        Matcher m = VMSTAT_OOM_KILL.matcher(Files.readString(Path.of("/proc/vmstat")));
        if (!m.find()) {
            throw new AssertionError("/proc/vmstat has no oom_kill line");
        }
        return Long.parseLong(m.group(1));
    }
}
