package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility suite: small programs and configs of our own, one per config feature or
 * decoder (src/test/bpf/compat-CASE.{bpf.c,yaml}), loaded together by the real daemon, fed the
 * driver's calls (compat-driver.c, counted by compat.bpf.h), and each case's exposition compared
 * exactly with its golden file (src/test/resources/compat/CASE.prom).
 *
 * <p>A case's metrics are those whose names start with {@code ebpf_exporter_compat_CASE} (the
 * case's map names start with {@code compat_CASE}, hyphens in the case name read as underscores).
 * To write or refresh the golden files after a deliberate change, run with
 * {@code -Dcompat.update=true} and review the diff; without it a missing golden file fails, and
 * every case's served text is kept under target/compat-actual to compare by hand.
 */
@KernelTest
class CompatSuiteIT {
    private static final Path GOLDEN = Path.of("src/test/resources/compat");
    private static final Path ACTUAL = Path.of("target/compat-actual");
    private static final String PREFIX = "compat-";
    private static final int DRIVER_CALLS = 3;

    @TempDir
    Path dir;

    @Test
    void everyCaseServesItsGoldenExposition() throws Exception {
        List<String> cases = cases();
        assertThat(cases).as("compat cases in %s", TestConfigs.TEST_SOURCES).isNotEmpty();
        for (String name : cases) {
            TestConfigs.copyTest(dir, PREFIX + name);
        }
        try (ExporterProcess exporter = ExporterProcess.start("compat-suite", "--config.dir", dir.toString(),
                "--config.strict", "--drain.interval", "100ms").awaitReady()) {
            new TestHelper("compat-driver").run(10, String.valueOf(DRIVER_CALLS));
            exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            String served = exporter.scrapeText();
            Files.createDirectories(ACTUAL);
            for (String name : cases) {
                String actual = exposition(served, "ebpf_exporter_compat_" + name.replace('-', '_'));
                Files.writeString(ACTUAL.resolve(name + ".prom"), actual);
                assertThat(actual).as("case %s: exposition", name).isEqualTo(golden(name, actual));
            }
        }
    }

    /** The case names: every compat-CASE.yaml among the test programs' sources. */
    private static List<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(TestConfigs.TEST_SOURCES)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith(PREFIX) && f.endsWith(".yaml"))
                    .map(f -> f.substring(PREFIX.length(), f.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        }
    }

    /** The lines of {@code served} about metrics named {@code prefix…}: samples, HELP and TYPE. */
    static String exposition(String served, String prefix) {
        return served.lines()
                .filter(line -> metricName(line).startsWith(prefix))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String metricName(String line) {
        String sample = line.startsWith("# HELP ") || line.startsWith("# TYPE ") ? line.substring(7) : line;
        int end = 0;
        while (end < sample.length() && sample.charAt(end) != '{' && sample.charAt(end) != ' ') {
            end++;
        }
        return sample.substring(0, end);
    }

    private static String golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name + ".prom");
        if (Boolean.getBoolean("compat.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertThat(file).as("golden file of case %s (run with -Dcompat.update=true to write it from %s)",
                name, ACTUAL.resolve(name + ".prom")).exists();
        return Files.readString(file);
    }
}
