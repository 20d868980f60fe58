package dev.ebpfexporter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.bpf.ProgramRunStats;
import dev.ebpfexporter.metrics.DrainStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusPageTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final List<ConfigStatus> CONFIGS = List.of(
            ConfigStatus.loaded("runqlat", "/etc/ebpf/runqlat.yaml", List.of("handle_switch")),
            ConfigStatus.failed("<b>bad</b>", "/etc/ebpf/<b>bad</b>.yaml", "bpf_object__load(bad.bpf.o): EPERM"));
    private static final DrainStatus.Metric LATENCY = new DrainStatus.Metric("runqlat",
            "ebpf_exporter_run_queue_latency_seconds", "histogram", 1, OptionalInt.of(27), 1024, false, OptionalLong.of(0), 0, 0);

    private final StatusPage page = new StatusPage("1.2.3", "/metrics", () -> null, Clock.fixed(NOW, ZoneOffset.UTC));

    private static DrainStatus drain(Duration ago, List<DrainStatus.Metric> metrics, List<DrainStatus.Program> programs) {
        return new DrainStatus(12, NOW.minus(ago), Duration.ofMillis(3), metrics, programs);
    }

    private String render(DrainStatus drain, boolean runTimeStats) {
        return page.render(new ExporterStatus(false, CONFIGS, drain, INTERVAL, runTimeStats));
    }

    @Test
    void listsEveryConfigWithItsProgramsOrItsErrorEscaped() {
        String html = render(drain(Duration.ofSeconds(2), List.of(), List.of()), true);

        assertThat(html)
                .contains("<p>Version 1.2.3. Metrics: <a href=\"/metrics\">/metrics</a></p>")
                .contains("<tr><td>runqlat</td><td>/etc/ebpf/runqlat.yaml</td><td>loaded</td>"
                        + "<td class=\"list\">handle_switch</td></tr>")
                .contains("<tr><td>&lt;b&gt;bad&lt;/b&gt;</td><td>/etc/ebpf/&lt;b&gt;bad&lt;/b&gt;.yaml</td>"
                        + "<td class=\"failed\">failed: bpf_object__load(bad.bpf.o): EPERM</td><td class=\"list\"></td></tr>")
                .doesNotContain("<b>")
                .doesNotContain("<script");
    }

    @Test
    void aFailedReloadShowsTheErrorAndThatThePreviousVersionRuns() {
        ConfigStatus kept = ConfigStatus.loaded("runqlat", "/etc/ebpf/runqlat.yaml", List.of("handle_switch"))
                .reloadFailed("/etc/ebpf/runqlat.yaml:3:5: metrics.counters[0].name is required");

        String html = page.render(new ExporterStatus(false, List.of(kept), drain(Duration.ZERO, List.of(), List.of()),
                INTERVAL, true));

        assertThat(html).contains("<tr><td>runqlat</td><td>/etc/ebpf/runqlat.yaml</td><td class=\"failed\">reload"
                        + " failed: /etc/ebpf/runqlat.yaml:3:5: metrics.counters[0].name is required, still running the"
                        + " previous version</td><td class=\"list\">handle_switch</td></tr>")
                .contains("<p id=\"summary\" class=\"warn\">1 of 1 configs loaded, 0 programs attached, 0 series."
                        + " The last reload failed for 1 config: see below.</p>");
    }

    @Test
    void saysItIsLoadingBeforeTheConfigsAre() {
        String html = page.render(new ExporterStatus(true, List.of(), DrainStatus.none(), INTERVAL, true));

        assertThat(html).contains("<p id=\"summary\">Loading the configs: metrics are served once they are attached"
                + " and drained.</p>").contains("No drain yet.");
    }

    @Test
    void summarisesConfigsProgramsAndSeries() {
        DrainStatus drain = drain(Duration.ZERO, List.of(LATENCY, LATENCY), List.of(
                new DrainStatus.Program("runqlat", "handle_switch", Optional.empty())));

        assertThat(render(drain, true)).contains("<p id=\"summary\" class=\"warn\">1 of 2 configs loaded,"
                + " 1 programs attached, 2 series.</p>");
    }

    @Test
    void showsTheLastDrainAndWarnsWhenItIsLate() {
        assertThat(render(drain(Duration.ofMillis(2500), List.of(), List.of()), true))
                .contains("Drain 12 finished at 2026-11-23T11:59:57.500Z (2.5 s ago)</span>, took 3.0 ms;"
                        + " maps are read every 5.0 s.")
                .doesNotContain("stuck");
        assertThat(render(drain(Duration.ofSeconds(16), List.of(), List.of()), true))
                .contains("<span class=\"warn\">Drain 12")
                .contains("the drain thread is stuck or starved");
        assertThat(render(DrainStatus.none(), true)).contains("No drain yet.");
    }

    @Test
    void showsEachProgramsCostWhenTheKernelCountsIt() {
        DrainStatus drain = drain(Duration.ZERO, List.of(), List.of(
                new DrainStatus.Program("runqlat", "handle_switch", Optional.of(new ProgramRunStats(77, 98_765_432, 1_234_567))),
                new DrainStatus.Program("runqlat", "handle_wakeup", Optional.empty())));

        String on = render(drain, true);
        assertThat(on)
                .contains("<tr><td>runqlat</td><td>handle_switch</td><td class=\"n\">77</td><td class=\"n\">1,234,567</td>"
                        + "<td class=\"n\">98.8 ms</td><td class=\"n\">80 ns</td></tr>")
                .contains("<tr><td>runqlat</td><td>handle_wakeup</td><td colspan=\"4\" class=\"warn\">")
                .doesNotContain("id=\"stats-off\"");
        assertThat(render(drain, false)).contains("id=\"stats-off\"").contains("--bpf.stats");
    }

    @Test
    void showsSeriesAndMapFillAndFlagsAFullOrOverflowingMap() {
        DrainStatus.Metric nearlyFull = new DrainStatus.Metric("faults", "ebpf_exporter_page_faults_total", "counter",
                951, OptionalInt.of(950), 1000, false, OptionalLong.empty(), 0, 0);
        DrainStatus.Metric overflowing = new DrainStatus.Metric("faults", "ebpf_exporter_faults_by_comm_total", "counter",
                17, OptionalInt.of(16), 1024, false, OptionalLong.of(-1L), 2, 5);
        DrainStatus.Metric unread = new DrainStatus.Metric("faults", "ebpf_exporter_major_faults_total", "counter",
                0, OptionalInt.empty(), 64, false, OptionalLong.empty(), 3, 0);
        DrainStatus.Metric array = new DrainStatus.Metric("softirq", "ebpf_exporter_softirq_raised_total", "counter",
                10, OptionalInt.of(10), 10, true, OptionalLong.empty(), 0, 0);

        String html = render(drain(Duration.ZERO, List.of(LATENCY, nearlyFull, overflowing, unread, array), List.of()), true);

        assertThat(html)
                .contains("<tr><td>runqlat</td><td>ebpf_exporter_run_queue_latency_seconds</td><td>histogram</td>"
                        + "<td class=\"n\">1</td><td class=\"n\">27 / 1024</td><td><span class=\"bar\">"
                        + "<span style=\"width:2.6%\"></span></span>2.6 %</td><td class=\"n\">0</td>")
                .contains("<tr class=\"warn\"><td>faults</td><td>ebpf_exporter_page_faults_total</td>")
                .contains("95.0 %</td><td class=\"n\">–</td>")
                .contains("<tr class=\"warn\"><td>faults</td><td>ebpf_exporter_faults_by_comm_total</td>")
                .contains("<td class=\"n\">18446744073709551615</td><td class=\"n\">2</td><td class=\"n\">5</td>")
                .contains("<tr class=\"warn\"><td>faults</td><td>ebpf_exporter_major_faults_total</td><td>counter</td>"
                        + "<td class=\"n\">0</td><td class=\"n\">not read / 64</td>")
                .contains("<tr><td>softirq</td><td>ebpf_exporter_softirq_raised_total</td><td>counter</td>"
                        + "<td class=\"n\">10</td><td class=\"n\">10 / 10</td><td>array: fixed size</td>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                               | ``",
        "plain text, 100%                 | plain text, 100%",
        "<script>alert(1)</script>        | &lt;script&gt;alert(1)&lt;/script&gt;",
        "a & b                            | a &amp; b",
        "&amp;                            | &amp;amp;",
        "say \"hi\"                       | say &quot;hi&quot;",
        "it's                             | it&#39;s",
        "<a href='x' title=\"y\">&</a>    | &lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;&lt;/a&gt;",
        "ünïcode ✓                        | ünïcode ✓",
    })
    void escapesTheFiveHtmlSpecialCharacters(String text, String escaped) {
        assertThat(StatusPage.escape(text)).isEqualTo(escaped);
    }
}
