package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.BpfTool;
import dev.ebpfexporter.testing.HeldBpf;
import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM: exit 0 within 2 s, and every program and link the exporter held is gone from the
 * kernel. "Its" programs and links are the ids its own file descriptors refer to, so programs that
 * anything else loads meanwhile cannot confuse the comparison. A fatal JVM error is no requested
 * stop: it exits non-zero with its cause logged, so that systemd's Restart=on-failure and
 * --config.check in a pipeline see it.
 */
@KernelTest
class ShutdownIT {
    private static final Duration FATAL_EXIT_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    @Test
    void sigtermDetachesEverythingAndExitsZeroWithinTwoSeconds() throws Exception {
        try (ExporterProcess exporter = ExporterProcess.start("shutdown").awaitReady()) {
            HeldBpf held = HeldBpf.of(exporter.pid());
            Map<String, BpfTool.Program> loaded = BpfTool.programs();
            // Every bundled config that loads on the running kernel: at least page-faults, each program attached once.
            assertThat(held.programs()).as("names of the programs the exporter holds")
                    .extracting(id -> loaded.get(id).name())
                    .contains("page_fault_user", "page_fault_kernel");
            assertThat(held.links()).as("links the exporter holds").hasSameSizeAs(held.programs());
            assertThat(BpfTool.ids("link")).as("bpftool link list").containsAll(held.links());

            long start = System.nanoTime();
            exporter.sigterm();
            int status = exporter.awaitExit(Duration.ofSeconds(2));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(status).as("exit status after SIGTERM (%d ms)", millis).isZero();
            assertThat(BpfTool.stillLoaded("prog", held.programs())).as("programs left behind").isEmpty();
            assertThat(BpfTool.stillLoaded("link", held.links())).as("links left behind").isEmpty();
            assertThat(exporter.log()).contains("signal received");
        }
    }

    @Test
    void unsatisfiedLinkErrorExitsNonZeroWithItsCause() throws Exception {
        // JNA unpacks its native stub into jna.tmpdir; below a regular file it cannot, and loading libbpf fails.
        Path file = Files.writeString(dir.resolve("file"), "");
        String log = runToExit("fatal-link-error",
                List.of("-Djna.tmpdir=" + file.resolve("tmp"), "-jar", ExporterProcess.JAR.toString(), "--config.check"));
        assertThat(log).contains("fatal error in thread main", "java.lang.UnsatisfiedLinkError");
    }

    @Test
    void outOfMemoryErrorExitsNonZeroWithItsCause() throws Exception {
        String log = runToExit("fatal-out-of-memory", List.of("-Xmx8m", "-jar", ExporterProcess.JAR.toString(),
                "--config.dir", hugeConfig().toString(), "--config.check"));
        assertThat(log).contains("fatal error in thread main", "java.lang.OutOfMemoryError");
    }

    /** The deployments' flags end the JVM on the first OutOfMemoryError, in whichever thread. */
    @Test
    void outOfMemoryErrorUnderTheDeploymentFlagsEndsTheJvm() throws Exception {
        String log = runToExit("fatal-out-of-memory-deployed", List.of("@" + ExporterProcess.JVM_OPTIONS, "-Xmx8m",
                "-jar", ExporterProcess.JAR.toString(), "--config.dir", hugeConfig().toString(), "--config.check"));
        assertThat(log).contains("Terminating due to java.lang.OutOfMemoryError");
    }

    /** Just under the 2 MiB a config may have, and more than an 8 MiB heap can parse. */
    private Path hugeConfig() throws IOException {
        Path configs = Files.createDirectories(dir.resolve("configs"));
        StringBuilder yaml = new StringBuilder("metrics:\n  counters:\n");
        for (int i = 0; i < 60_000; i++) {
            yaml.append("    - name: m").append(i).append("\n      help: h\n");
        }
        Files.writeString(configs.resolve("huge.yaml"), yaml);
        return configs;
    }

    /** Runs java with {@code args} to its end, asserts a non-zero status, and returns its log. */
    private static String runToExit(String testName, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ExporterProcess.JAVA));
        command.addAll(args);
        try (ExporterProcess exporter = ExporterProcess.startCommand(testName, command, ExporterProcess.freePort())) {
            int status = exporter.awaitExit(FATAL_EXIT_WITHIN);
            assertThat(status).as("exit status after a fatal error:\n%s", exporter.log()).isNotZero();
            return exporter.log();
        }
    }
}
