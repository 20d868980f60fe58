package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import dev.ebpfexporter.testing.KernelTests;
import dev.ebpfexporter.testing.BpfTool;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of every kind: a clear error naming the cause, a non-zero exit, nothing left in the kernel. */
@KernelTest
class BadInputIT {
    private static final String TEST_COUNTER = """
            metrics:
              counters:
                - name: events_total
                  help: Events of a test program
                  labels:
                    - name: key
                      size: 4
                      decoders:
                        - name: uint
            """;

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

    @Test
    void kprobeSectionIsRefusedWithAnAlternative() throws Exception {
        writeTestConfig("kprobe");
        KernelTests.require(!Files.exists(Path.of("/sys/bus/event_source/devices/kprobe")),
                "this kernel has kprobes, so a kprobe config is not an error here");
        assertFailsAlone("kprobe", "kprobe.yaml", "kprobe/do_nanosleep", "no kprobes", "tp_btf/");
    }

    @Test
    void fentrySectionIsRefusedWithAnAlternative() throws Exception {
        writeTestConfig("fentry");
        assertFailsAlone("fentry", "fentry.yaml", "fentry/do_nanosleep", "refuses fentry/fexit", "tp_btf/");
    }

    @Test
    void portInUseIsAClearErrorAndReleasesThePrograms() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        List<String> before = BpfTool.ids("prog");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ExporterProcess exporter = ExporterProcess.start("port-in-use", "--config.dir", dir.toString(),
                        "--web.listen-address", "127.0.0.1:" + taken.getLocalPort())) {
            assertThat(exporter.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(exporter.log()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("already in use").contains("--web.listen-address");
        }
        assertThat(BpfTool.leftSince("prog", before)).as("programs left behind").isEmpty();
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
                Path.of(System.getProperty("exporter.jar", "target/ebpf-exporter.jar")).toAbsolutePath().toString(),
                "--config.dir", dir.toString(), "--web.listen-address", "127.0.0.1:" + port);
        try (ExporterProcess exporter = ExporterProcess.startCommand("unprivileged", command, port)) {
            assertThat(exporter.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(exporter.log()).contains("EPERM").contains("needs root, or CAP_BPF + CAP_PERFMON");
        }
    }

    @Test
    void oneBadConfigAmongGoodOnesIsSkippedLoudly() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        writeTestConfig("verifier-reject");
        try (ExporterProcess exporter = ExporterProcess.start("bad-among-good", "--config.dir", dir.toString())
                .awaitReady()) {
            List<Series> metrics = exporter.scrape();
            assertThat(Series.sum(metrics, "ebpf_exporter_config_loaded", Map.of("config", "verifier-reject")))
                    .isZero();
            assertThat(Series.sum(metrics, "ebpf_exporter_config_loaded", Map.of("config", "page-faults")))
                    .isEqualTo(1);
            assertThat(Series.sum(metrics, PageFaultsExactnessIT.METRIC, Map.of())).isPositive();
            assertThat(exporter.log()).contains("ERROR").contains("config 'verifier-reject' is skipped");
            assertThat(exporter.get("/", "text/html").body()).contains("verifier-reject").contains("failed");
        }
    }

    @Test
    void strictModeMakesOneBadConfigFatal() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        writeTestConfig("verifier-reject");
        try (ExporterProcess exporter = ExporterProcess.start("strict", "--config.dir", dir.toString(),
                "--config.strict")) {
            assertThat(exporter.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(exporter.log()).contains("1 of 2 configs failed and --config.strict is set");
        }
    }

    @Test
    void configCheckPassesForGoodConfigsAndFailsForBadOnes() throws Exception {
        TestConfigs.copyShipped(dir, "page-faults");
        try (ExporterProcess good = ExporterProcess.start("check-good", "--config.dir", dir.toString(),
                "--config.check")) {
            assertThat(good.awaitExit(Duration.ofSeconds(20))).as(good.log()).isZero();
        }
        writeTestConfig("fentry");
        try (ExporterProcess bad = ExporterProcess.start("check-bad", "--config.dir", dir.toString(),
                "--config.check")) {
            assertThat(bad.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
        }
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        try (ExporterProcess exporter = ExporterProcess.start("usage", "--drain.interval", "soon")) {
            assertThat(exporter.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(exporter.log()).contains("--drain.interval 'soon'");
        }
    }

    /** A single config that must fail: exit 1, the error names the file and each expected cause. */
    private String assertFailsAlone(String testName, String... expected) throws Exception {
        List<String> before = BpfTool.ids("prog");
        try (ExporterProcess exporter = ExporterProcess.start(testName, "--config.dir", dir.toString())) {
            assertThat(exporter.awaitExit(Duration.ofSeconds(20))).as(exporter.log()).isEqualTo(1);
            String log = exporter.log();
            assertThat(log).contains(expected).contains("no config could be loaded").doesNotContain("\tat ");
            assertThat(BpfTool.leftSince("prog", before)).as("programs left behind").isEmpty();
            return log;
        }
    }

    private void writeTestConfig(String name) throws Exception {
        Files.writeString(dir.resolve(name + ".yaml"), TEST_COUNTER);
        Files.copy(TestConfigs.TEST_OBJECTS.resolve(name + ".bpf.o"), dir.resolve(name + ".bpf.o"));
    }
}
