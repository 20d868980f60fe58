package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.config.ClasspathConfigSource;
import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page of a daemon running the default configs with --bpf.stats, as headless Chromium
 * renders it: every config loaded, the kernel's run counts of the page-fault programs growing with
 * faults a helper makes, and a screenshot under target/ for a person to look at.
 */
@KernelTest
class StatusPageIT {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};
    private static final Path SCREENSHOT = Path.of("target/status-page.png");
    private static final Pattern USER_FAULT_RUNS = Pattern.compile(
            "<tr><td>page-faults</td><td>page_fault_user</td><td class=\"n\">\\d+</td><td class=\"n\">([0-9,]+)</td>");

    @TempDir
    Path profile;

    @Test
    void showsEveryConfigAndTheProgramsCostInABrowser() throws Exception {
        try (ExporterProcess exporter = ExporterProcess.start("status-page", "--bpf.stats", "--drain.interval", "200ms")
                .awaitReady()) {
            assertThat(holdsRunTimeStats(exporter.pid())).as("--bpf.stats holds an anon_inode:bpf-stats fd").isTrue();
            String url = "http://127.0.0.1:" + exporter.port() + "/";
            long before = userFaultRuns(Chromium.renderedDom(url, profile));

            long faults = Faulter.run(Faulter.uniqueComm(), 20_000);
            Thread.sleep(500); // two drains
            String dom = Chromium.renderedDom(url, profile);
            Chromium.screenshot(url, SCREENSHOT, profile);

            List<String> defaults = ClasspathConfigSource.bundled().names();
            for (String config : defaults) {
                assertThat(dom).contains("<tr><td>" + config + "</td><td>bundled:" + config + ".yaml</td><td>loaded</td>");
            }
            assertThat(dom).contains("<p id=\"summary\">" + defaults.size() + " of " + defaults.size() + " configs loaded,")
                    .doesNotContain("id=\"stats-off\"")
                    .contains("<td>page-faults</td><td>ebpf_exporter_page_faults_total</td><td>counter</td>");
            assertThat(userFaultRuns(dom) - before).as("page_fault_user runs while the helper made %d faults", faults)
                    .isGreaterThanOrEqualTo(faults);
            List<Series> metrics = exporter.scrape();
            assertThat(Series.sum(metrics, "ebpf_exporter_program_runs_total",
                    Map.of("config", "page-faults", "program", "page_fault_user"))).isGreaterThanOrEqualTo(faults);
            assertThat(Files.readAllBytes(SCREENSHOT)).startsWith(PNG_SIGNATURE).hasSizeGreaterThan(20_000);
        }
    }

    private static long userFaultRuns(String dom) {
        Matcher runs = USER_FAULT_RUNS.matcher(dom);
        assertThat(runs.find()).as("page_fault_user's row in:\n%s", dom).isTrue();
        return Long.parseLong(runs.group(1).replace(",", ""));
    }

    /** Whether the daemon holds the kernel's run-time stats handle (the stats stay on while it does). */
    private static boolean holdsRunTimeStats(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals("anon_inode:bpf-stats");
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            });
        }
    }
}
