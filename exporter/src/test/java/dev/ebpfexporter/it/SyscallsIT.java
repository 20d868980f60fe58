package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syscalls config counts every system call entered, under its name: a helper enters rare
 * syscalls a known number of times each (src/test/c/syscall-issuer.c), and each one's counter
 * rises by exactly that many, as does the [overflow] series for a number past the table.
 *
 * <p>The window is bracketed by scrapes of drains that began after the previous step (so it holds
 * the whole helper), and {@code perf stat -a} counts the same tracepoints machine-wide over a wider
 * window (started before the first drain, stopped after the last): an independent count of the
 * helper's calls plus anyone else's. The calls are ones nothing on an idle machine makes (getpgid,
 * sched_getparam, getpriority: none in 30 s of a 2-CPU host busy with builds; getppid, umask and
 * getpgrp are made by other tests and shells), so perf normally counts exactly the helper's, and
 * the exported delta must then equal it. Should another process make them meanwhile, the exported
 * delta still lies between the helper's count and perf's, since its window is inside perf's.
 */
@KernelTest
class SyscallsIT {
    private static final String METRIC = "ebpf_exporter_syscalls_total";
    /** Distinct counts, so a call counted under another's name cannot go unnoticed. */
    private static final Map<String, Long> ISSUED = orderedMap(
            "getpgid", 3000L, "sched_getparam", 2000L, "getpriority", 1000L, "out_of_table", 500L);
    /** The program's array size (SYSCALL_SLOTS in programs/syscalls.bpf.c): ids past it overflow. */
    private static final int SYSCALL_SLOTS = 512;
    private static final String OVERFLOW = "[overflow]";
    private static final TestHelper ISSUER = new TestHelper("syscall-issuer");

    @TempDir
    Path dir;

    @Test
    void everyCallIsCountedOnceUnderItsNameAndNumbersPastTheTableAsOverflow() throws Exception {
        TestConfigs.copyShipped(dir, "syscalls");
        ISSUER.binary();
        try (ExporterProcess exporter = ExporterProcess.start("syscalls",
                        "--config.dir", dir.toString(), "--drain.interval", "100ms").awaitReady();
                PerfStatCount perf = PerfStatCount.start(dir, List.of(
                        "-e", "syscalls:sys_enter_getpgid",
                        "-e", "syscalls:sys_enter_sched_getparam",
                        "-e", "syscalls:sys_enter_getpriority",
                        "-e", "raw_syscalls:sys_enter", "--filter", "id >= " + SYSCALL_SLOTS + " || id < 0"))) {
            List<Series> start = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            ISSUER.run(60, ISSUED.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
            List<Series> end = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            Map<String, Long> perfCounts = perf.stop();

            Map<String, Long> byPerf = orderedMap(
                    "getpgid", perfCounts.get("syscalls:sys_enter_getpgid"),
                    "sched_getparam", perfCounts.get("syscalls:sys_enter_sched_getparam"),
                    "getpriority", perfCounts.get("syscalls:sys_enter_getpriority"),
                    "out_of_table", perfCounts.get("raw_syscalls:sys_enter"));
            ISSUED.forEach((call, issued) -> {
                String label = call.equals("out_of_table") ? OVERFLOW : call;
                long exported = (long) (Series.sum(end, METRIC, Map.of("syscall", label))
                        - Series.sum(start, METRIC, Map.of("syscall", label)));
                System.out.printf("syscalls %s (syscall=\"%s\"): issued %d, exported delta %d, perf stat -a %d%n",
                        call, label, issued, exported, byPerf.get(call));
                assertThat(byPerf.get(call)).as("perf's count of %s", call).isGreaterThanOrEqualTo(issued);
                assertThat(exported).as("%s exported: the helper's %d, plus others' (perf: %d)", call, issued,
                        byPerf.get(call)).isBetween(issued, byPerf.get(call));
            });
            assertThat(Series.sum(end, "ebpf_exporter_decode_errors_total", Map.of("config", "syscalls")))
                    .as("decode errors").isZero();
        }
    }

    private static Map<String, Long> orderedMap(Object... keysAndValues) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (Long) keysAndValues[i + 1]);
        }
        return map;
    }
}
