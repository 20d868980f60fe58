package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The probe-kind test programs of src/test/bpf: kprobe + kretprobe, fentry + fexit (on the kernel
 * entry of getppid), uprobe + uretprobe (on probe-driver's own function), and two on kernel
 * functions no kernel has. probe-driver.c calls both N times under a comm of its own; a kind the
 * kernel runs must count exactly N entries and N returns for that comm, a kind it refuses or a hook
 * it lacks must fail alone, with a message naming the config, the program and the reason, while
 * the other configs keep running.
 */
final class ProbeKinds {
    static final TestHelper DRIVER = new TestHelper("probe-driver");
    static final long CALLS = 1000;
    /** The programs of the configs that can load, as bpftool names them. */
    static final List<String> PROGRAMS = List.of("kprobe_getppid", "kretprobe_getppid", "fentry_getppid",
            "fexit_getppid", "uprobe_driver_call", "uretprobe_driver_call");
    /** Where the next entry of the exporter's log starts: a line beginning with its timestamp. */
    private static final Pattern NEXT_LOG_ENTRY = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT", Pattern.MULTILINE);

    /** What one config must do on a kernel: count every call, or fail with a message holding {@code failure}. */
    record Expectation(String config, List<String> failure) {
        static Expectation counts(String config) {
            return new Expectation(config, List.of());
        }

        static Expectation fails(String config, String... failure) {
            return new Expectation(config, List.of(failure));
        }

        boolean runs() {
            return failure.isEmpty();
        }
    }

    private ProbeKinds() {}

    /** Copies each expected config and its object into {@code dir}. */
    static Path copyConfigs(Path dir, List<Expectation> expected) throws IOException {
        for (Expectation e : expected) {
            TestConfigs.copyTest(dir, e.config());
        }
        return dir;
    }

    /** The exporter's PATH: libbpf looks uprobe.bpf.c's binary, named without a folder, up there. */
    static String exporterPath() throws IOException, InterruptedException {
        return DRIVER.binary().getParent() + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    }

    /** A comm nobody else on the machine has: 15 bytes at most. */
    static String uniqueComm() {
        return String.format("probe%08d", new Random().nextInt(100_000_000));
    }

    /** The command that makes {@value #CALLS} calls under {@code comm}. */
    static String driverCommand(String comm) throws IOException, InterruptedException {
        return DRIVER.binary() + " " + comm + " " + CALLS;
    }

    /** The log entry (it may span lines) that says why {@code config} is skipped. */
    private static String skipReason(String log, String config) {
        int start = log.indexOf("config '" + config + "' is skipped");
        if (start < 0) {
            throw new AssertionError("no error logged for " + config + ":\n" + log);
        }
        Matcher next = NEXT_LOG_ENTRY.matcher(log);
        return log.substring(start, next.find(start) ? next.start() : log.length());
    }

    /** {@code scrape} (of a drain after the driver ran) and {@code log} show what {@code expected} says. */
    static void assertRun(List<Expectation> expected, List<Series> scrape, String log, String comm) {
        assertLoadedOrFailedAlone(expected, scrape, log);
        for (Expectation e : expected.stream().filter(Expectation::runs).toList()) {
            String metric = "ebpf_exporter_" + e.config() + "_calls_total";
            for (String probe : List.of("entry", "return")) {
                assertThat(Series.sum(scrape, metric, Map.of("probe", probe, "comm", comm)))
                        .as("%s{probe=%s} for the driver's %d calls", metric, probe, CALLS).isEqualTo(CALLS);
            }
        }
    }

    /**
     * Each config of {@code expected} that runs is loaded, each that fails is not, and {@code log}
     * says why in an entry naming its file and holding its failure, without a stack trace.
     */
    static void assertLoadedOrFailedAlone(List<Expectation> expected, List<Series> scrape, String log) {
        for (Expectation e : expected) {
            assertThat(Series.values(scrape, "ebpf_exporter_config_loaded", Map.of("config", e.config())))
                    .as("ebpf_exporter_config_loaded{config=%s}; the exporter's log:\n%s", e.config(), log)
                    .containsExactly(e.runs() ? 1.0 : 0.0);
            if (!e.runs()) {
                assertThat(skipReason(log, e.config())).as("why %s failed", e.config())
                        .contains(e.config() + ".yaml").contains(e.failure()).doesNotContain("\tat ");
            }
        }
    }
}
