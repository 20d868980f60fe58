package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.BpfTool;
import dev.ebpfexporter.testing.HeldBpf;
import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of every kind: a clear error naming the cause, a non-zero exit, nothing left in the kernel. */
@KernelTest
class BadInputIT {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    private static final Path KPROBE_PMU = Path.of("/sys/bus/event_source/devices/kprobe");
    /** Every program the configs of these tests contain (bpftool names). */
    private static final Set<String> OUR_PROGRAMS =
            Set.of("page_fault_user", "page_fault_kernel", "unchecked_lookup", "kprobe_getppid", "kretprobe_getppid",
                    "fentry_getppid", "fexit_getppid");

    @TempDir
    Path dir;

    @Test
    void malformedYamlNamesFileAndLine() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults", yaml -> yaml.replace("  counters:", "  counters: [oops"));
        assertFailsAlone("malformed-yaml", "page-faults.yaml:3:11: invalid YAML");
    }

    @Test
    void unknownFieldNamesTheField() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults", yaml -> yaml.replace("      help:", "      hepl: x\n      help:"));
        assertFailsAlone("unknown-field", "page-faults.yaml:4:7", "hepl");
    }

    @Test
    void labelSizesThatMissTheKeySizeAreRefused() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults", yaml -> yaml.replace("size: 16", "size: 15"));
        assertFailsAlone("key-size", "page-faults.yaml", "cover 19 bytes", "is 20 bytes");
    }

    @Test
    void missingObjectIsNamed() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        Files.delete(dir.resolve("page-faults.bpf.o"));
        assertFailsAlone("missing-object", "page-faults.bpf.o", "missing BPF object");
    }

    @Test
    void verifierRejectionShowsTheVerifierLog() throws Exception {
        writeTestConfig("verifier-reject");
        String log = assertFailsAlone("verifier", "verifier-reject.yaml", "the verifier rejected");
        assertThat(log).containsPattern("invalid mem access|R\\d+ .*null");
    }

    /**
     * Refused before load where the kernel has no kprobes (no kprobe PMU: CONFIG_KPROBES
     * unset); on a kernel with kprobes there is nothing to refuse and the config must serve.
     */
    @Test
    void kprobeSectionIsRefusedWithAnAlternativeWhereTheKernelHasNoKprobes() throws Exception {
        TestConfigs.copyTest(dir, "kprobe");
        if (Files.exists(KPROBE_PMU)) {
            try (ExporterProcess exporter = startOnDir("kprobe").awaitReady()) {
                assertServes(exporter, "kprobe", "kprobe_getppid");
            }
            return;
        }
        assertFailsAlone("kprobe", "kprobe.yaml", "kprobe/__do_sys_getppid", "no kprobes", "tp_btf/");
    }

    /**
     * Whether a kernel runs fentry programs is known only by loading one (a kernel that refuses
     * them answers EPERM). Either answer is checked against the kernel: the refusal must be explained, and
     * a kernel that takes the program must show it loaded and held by the exporter.
     */
    @Test
    void fentrySectionIsRefusedWithAnAlternativeWhereTheKernelRefusesIt() throws Exception {
        TestConfigs.copyTest(dir, "fentry");
        List<String> before = BpfTool.ids("prog");
        try (ExporterProcess exporter = startOnDir("fentry")) {
            if (exporter.awaitReadyOrExit()) {
                assertServes(exporter, "fentry", "fentry_getppid");
                return;
            }
            assertThat(exporter.awaitExit(EXIT_TIMEOUT)).as(exporter.log()).isEqualTo(1);
            assertFailedAlone(exporter, before, "fentry.yaml", "fentry/__do_sys_getppid", "refuses fentry/fexit",
                    "tp_btf/");
        }
    }

    @Test
    void portInUseIsAClearErrorAndReleasesThePrograms() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        List<String> before = BpfTool.ids("prog");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ExporterProcess exporter = ExporterProcess.start("port-in-use", "--config.dir", dir.toString(),
                        "--web.listen-address", "127.0.0.1:" + taken.getLocalPort())) {
            assertThat(exporter.awaitExit(EXIT_TIMEOUT)).as(exporter.log()).isEqualTo(1);
            assertThat(exporter.log()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("already in use").contains("--web.listen-address")
                    .doesNotContain("loaded, attached"); // bound before any program loads
        }
        assertThat(BpfTool.programsLeftSince(before, OUR_PROGRAMS)).as("programs left behind").isEmpty();
    }

    @Test
    void withoutPrivilegeSaysWhatIsNeeded() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        Path jnaTemp = Files.createTempDirectory("jna");
        for (Path path : List.of(dir, dir.resolve("page-faults.yaml"), dir.resolve("page-faults.bpf.o"), jnaTemp)) {
            path.toFile().setReadable(true, false); // the test runs as root; the exporter as nobody
            path.toFile().setExecutable(true, false);
        }
        jnaTemp.toFile().setWritable(true, false);
        int port = ExporterProcess.freePort();
        List<String> command = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "java", "-Djna.tmpdir=" + jnaTemp, "-jar",
                ExporterProcess.JAR.toString(),
                "--config.dir", dir.toString(), "--web.listen-address", "127.0.0.1:" + port);
        try (ExporterProcess exporter = ExporterProcess.startCommand("unprivileged", command, port)) {
            assertThat(exporter.awaitExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(exporter.log()).contains("EPERM").contains("needs root, or CAP_BPF + CAP_PERFMON");
        }
    }

    @Test
    void oneBadConfigAmongGoodOnesIsSkippedLoudly() throws Exception {
        assertSkippedBesideAGoodConfig("verifier-reject", "bpf_object__load", "the verifier rejected");
    }

    /** libbpf finds no BTF for the tracepoint at load (ESRCH). */
    @Test
    void aTracepointTheKernelLacksIsNamedAndTheRestServes() throws Exception {
        assertSkippedBesideAGoodConfig("missing-tracepoint", "bpf_object__load", "ESRCH",
                "program 'on_missing_tracepoint' uses SEC(\"tp_btf/no_such_event_xyz\")",
                "has no tracepoint 'no_such_event_xyz'");
    }

    /** The program loads; libbpf finds no such symbol in the binary at attach (ENOENT). */
    @Test
    void aUprobeSymbolTheBinaryLacksIsNamedAndTheRestServes() throws Exception {
        assertSkippedBesideAGoodConfig("missing-uprobe-symbol", "bpf_program__attach", "on_missing_symbol", "ENOENT",
                "SEC(\"uprobe//bin/true:no_such_symbol_xyz\")",
                "the binary '/bin/true' has no symbol 'no_such_symbol_xyz'");
    }

    /** Software events end before config 999 on every kernel: perf_event_open fails with ENOENT. */
    @Test
    void aPerfEventTheKernelLacksIsNamedAndTheRestServes() throws Exception {
        assertSkippedBesideAGoodConfig("missing-perf-event", "perf_event_open", "on_missing_event", "ENOENT",
                "SEC(\"perf_event/type=1,config=999,frequency=99\") on CPU 0",
                "this kernel or CPU has no event type=1, config=999");
    }

    @Test
    void strictModeMakesOneBadConfigFatal() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        writeTestConfig("verifier-reject");
        try (ExporterProcess exporter = ExporterProcess.start("strict", "--config.dir", dir.toString(),
                "--config.strict")) {
            assertThat(exporter.awaitExit(EXIT_TIMEOUT)).isEqualTo(1);
            assertThat(exporter.log()).contains("1 of 2 configs failed and --config.strict is set")
                    .contains("config 'verifier-reject' failed: ").doesNotContain("is skipped");
        }
    }

    @Test
    void configCheckPassesForGoodConfigsAndFailsForBadOnes() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        try (ExporterProcess good = ExporterProcess.start("check-good", "--config.dir", dir.toString(),
                "--config.check")) {
            assertThat(good.awaitExit(EXIT_TIMEOUT)).as(good.log()).isZero();
        }
        writeTestConfig("verifier-reject"); // bad on every kernel
        try (ExporterProcess bad = ExporterProcess.start("check-bad", "--config.dir", dir.toString(),
                "--config.check")) {
            assertThat(bad.awaitExit(EXIT_TIMEOUT)).as(bad.log()).isEqualTo(1);
            assertThat(bad.log()).contains("verifier-reject.yaml");
        }
    }

    /** Opening a FIFO waits for a writer: start-up would hang without a word. */
    @Test
    void aFifoAsTheObjectIsAClearError() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        Path object = dir.resolve("page-faults.bpf.o");
        Files.delete(object);
        assertThat(new ProcessBuilder("mkfifo", object.toString()).start().waitFor()).isZero();
        assertFailsAlone("fifo-object", object + ": cannot read BPF object: it is a FIFO (named pipe), not a regular"
                + " file; name the file itself");
    }

    /** A config of 20 MiB (a runaway generator) is refused with the limit before it is parsed. */
    @Test
    void aHugeYamlIsRefusedWithTheLimit() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults", yaml -> yaml + "#" + "x".repeat(20 << 20) + "\n");
        assertFailsAlone("huge-yaml", "page-faults.yaml: cannot read config: it is 209", "over the limit of 2 MiB");
    }

    @Test
    void devZeroAsTheCertificateIsAClearErrorBeforeAnyProgramLoads() throws Exception {
        assertWebConfigFails("dev-zero-cert", """
                tls_server_config:
                  cert_file: /dev/zero
                  key_file: /dev/zero
                """, "tls_server_config.cert_file /dev/zero is a character device, not a regular file");
    }

    /** bcrypt at cost 31 takes days: start-up (which makes a hash of that cost) would never end. */
    @Test
    void aBcryptCostOf31IsRefused() throws Exception {
        assertWebConfigFails("bcrypt-cost-31", """
                basic_auth_users:
                  prometheus: $2y$31$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze
                """, "basic_auth_users.prometheus has bcrypt cost 31, above the 14 this exporter accepts");
    }

    /** The good config serves; each broken link is named in a warning rather than left out in silence. */
    @Test
    void danglingAndLoopingYamlSymlinksAreNamed() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        Path dangling = Files.createSymbolicLink(dir.resolve("renamed.yaml"), dir.resolve("old-name.yaml"));
        Path loop = Files.createSymbolicLink(dir.resolve("loop.yaml"), dir.resolve("loop.yaml"));
        try (ExporterProcess exporter = startOnDir("yaml-symlinks").awaitReady()) {
            assertThat(Series.values(exporter.scrape(), "ebpf_exporter_config_loaded", Map.of("config", "page-faults")))
                    .containsExactly(1.0);
            assertThat(exporter.log()).contains("WARN")
                    .contains(dangling + ": not loaded: a symlink to " + dir.resolve("old-name.yaml")
                            + ", which does not exist")
                    .contains(loop + ": not loaded: Too many levels of symbolic links");
        }
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        try (ExporterProcess exporter = ExporterProcess.start("usage", "--drain.interval", "soon")) {
            assertThat(exporter.awaitExit(EXIT_TIMEOUT)).isEqualTo(2);
            assertThat(exporter.log()).contains("--drain.interval 'soon'");
        }
    }

    /** A web config that must stop the daemon before any config loads, with {@code message}. */
    private void assertWebConfigFails(String testName, String webConfig, String message) throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        Path web = Files.writeString(dir.resolve("web.yml"), webConfig);
        List<String> before = BpfTool.ids("prog");
        try (ExporterProcess exporter = ExporterProcess.start(testName, "--config.dir", dir.toString(),
                "--web.config.file", web.toString())) {
            assertThat(exporter.awaitExit(EXIT_TIMEOUT)).as(exporter.log()).isEqualTo(1);
            assertThat(exporter.log()).contains("--web.config.file: " + web).contains(message)
                    .doesNotContain("\tat ");
        }
        assertThat(BpfTool.programsLeftSince(before, OUR_PROGRAMS)).as("programs left behind").isEmpty();
    }

    /**
     * Test config {@code bad} beside the shipped page-faults: the bad one is skipped with an error
     * naming its file and each expected cause, and released; the good one loads and counts.
     */
    private void assertSkippedBesideAGoodConfig(String bad, String... expected) throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        writeTestConfig(bad);
        try (ExporterProcess exporter = startOnDir("beside-good-" + bad).awaitReady()) {
            List<Series> metrics = exporter.scrape();
            assertThat(Series.values(metrics, "ebpf_exporter_config_loaded", Map.of("config", bad)))
                    .containsExactly(0.0);
            assertThat(Series.values(metrics, "ebpf_exporter_config_loaded", Map.of("config", "page-faults")))
                    .containsExactly(1.0);
            assertThat(Series.sum(metrics, PageFaultsExactnessIT.METRIC, Map.of())).isPositive();
            assertThat(exporter.log()).contains("ERROR")
                    .contains("config '" + bad + "' is skipped: " + dir.resolve(bad + ".yaml") + ": ")
                    .contains(expected).doesNotContain("\tat ");
            assertThat(exporter.get("/", "text/html").body()).contains(bad).contains("failed");
            Map<String, BpfTool.Program> loaded = BpfTool.programs();
            assertThat(HeldBpf.of(exporter.pid()).programs()).as("programs the exporter holds")
                    .extracting(id -> loaded.get(id).name())
                    .containsExactlyInAnyOrder("page_fault_user", "page_fault_kernel");
        }
    }

    /** A single config that must fail: exit 1, the error names the file and each expected cause. */
    private String assertFailsAlone(String testName, String... expected) throws Exception {
        List<String> before = BpfTool.ids("prog");
        try (ExporterProcess exporter = startOnDir(testName)) {
            assertThat(exporter.awaitExit(EXIT_TIMEOUT)).as(exporter.log()).isEqualTo(1);
            return assertFailedAlone(exporter, before, expected);
        }
    }

    /** The exporter, which ran with a single config, has exited explaining why and left nothing loaded. */
    private static String assertFailedAlone(ExporterProcess exporter, List<String> programsBefore,
            String... expected) throws Exception {
        String log = exporter.log();
        assertThat(log).contains(expected).contains("no config could be loaded").doesNotContain("\tat ");
        assertThat(BpfTool.programsLeftSince(programsBefore, OUR_PROGRAMS)).as("programs left behind").isEmpty();
        return log;
    }

    /** The config is loaded (self metric) and its program is in the kernel, held by the exporter. */
    private static void assertServes(ExporterProcess exporter, String config, String program) throws Exception {
        assertThat(Series.values(exporter.scrape(), "ebpf_exporter_config_loaded", Map.of("config", config)))
                .as("ebpf_exporter_config_loaded{config=%s}", config).containsExactly(1.0);
        Map<String, BpfTool.Program> loaded = BpfTool.programs();
        assertThat(HeldBpf.of(exporter.pid()).programs()).extracting(id -> loaded.get(id).name()).contains(program);
    }

    private ExporterProcess startOnDir(String testName) throws IOException {
        return ExporterProcess.start(testName, "--config.dir", dir.toString());
    }

    /** A test program counting into test-counter.bpf.h's map, with that map's config. */
    private void writeTestConfig(String name) throws Exception {
        TestConfigs.copyTest(dir, name, "test-counter");
    }
}
