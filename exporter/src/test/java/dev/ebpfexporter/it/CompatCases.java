package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One family of compatibility cases: small programs and configs of our own, one per config
 * feature, decoder or hook kind (src/test/bpf/PREFIXCASE.{bpf.c,yaml}), loaded together by one
 * real daemon, fed the driver's calls (compat-driver.c, counted by compat.bpf.h), and each case's
 * exposition compared exactly with its golden file (GOLDEN/CASE.prom). {@link #host} holds the
 * cases this host runs ({@link CompatSuiteIT}), {@link #guest} the probe kinds and perf events,
 * which need the kprobes, fentry and fixed two CPUs of the guest kernels ({@link GuestKernelIT}).
 *
 * <p>A case's metrics are those whose names start with {@code ebpf_exporter_compat_CASE} (the
 * case's map names start with {@code compat_CASE}, hyphens in the case name read as underscores).
 * To write or refresh the golden files after a deliberate change, run with
 * {@code -Dcompat.update=true} and review the diff; without it a missing golden file fails, and
 * every case's served text is kept under target/compat-actual to compare by hand.
 */
final class CompatCases {
    static final TestHelper DRIVER = new TestHelper("compat-driver");
    /** The driver's getppid calls each run makes: every golden count is a multiple of it. */
    static final int DRIVER_CALLS = 3;
    private static final Path GOLDEN = Path.of("src/test/resources/compat");
    private static final Path ACTUAL = Path.of("target/compat-actual");

    private final String prefix;
    private final Path golden;
    private final Path actual;

    private CompatCases(String prefix, Path golden, Path actual) {
        this.prefix = prefix;
        this.golden = golden;
        this.actual = actual;
    }

    /** compat-CASE: the cases every kernel runs, goldens in src/test/resources/compat. */
    static CompatCases host() {
        return new CompatCases("compat-", GOLDEN, ACTUAL);
    }

    /**
     * guest-compat-CASE: the probe kinds (kprobes and fentry, which this host lacks, and uprobes) and
     * perf events per CPU of a guest's fixed two, goldens in src/test/resources/compat/guest, the
     * same for every guest kernel; served text kept per kernel ({@code kernel}, e.g. debian-6.1).
     */
    static CompatCases guest(String kernel) {
        return new CompatCases("guest-compat-", GOLDEN.resolve("guest"), ACTUAL.resolve("guest-" + kernel));
    }

    /**
     * The case names: every PREFIXCASE.yaml among the test programs' sources. No case's metric
     * prefix may start another's (a case exp2 would also take the metrics of a case exp2zero).
     */
    List<String> names() throws IOException {
        List<String> cases;
        try (Stream<Path> files = Files.list(TestConfigs.TEST_SOURCES)) {
            cases = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith(prefix) && f.endsWith(".yaml"))
                    .map(f -> f.substring(prefix.length(), f.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        }
        for (String name : cases) {
            assertThat(cases).as("cases whose metric prefix starts with case %s's", name)
                    .filteredOn(other -> metricPrefix(other).startsWith(metricPrefix(name)))
                    .containsExactly(name);
        }
        return cases;
    }

    /** What a case's metric names start with: its map names' prefix compat_CASE, hyphens as underscores. */
    private static String metricPrefix(String name) {
        return "ebpf_exporter_compat_" + name.replace('-', '_');
    }

    /** Copies every case's config and object into {@code dir}; returns the case names. */
    List<String> copyAll(Path dir) throws IOException {
        List<String> cases = names();
        assertThat(cases).as("%s cases in %s", prefix, TestConfigs.TEST_SOURCES).isNotEmpty();
        for (String name : cases) {
            TestConfigs.copyTest(dir, config(name));
        }
        return cases;
    }

    /** The config (and object) name of case {@code name}. */
    String config(String name) {
        return prefix + name;
    }

    /** Every case of {@code cases} has, in {@code served} (a text-format scrape), its golden exposition. */
    void assertServed(List<String> cases, String served) throws IOException {
        Files.createDirectories(actual);
        for (String name : cases) {
            String exposition = exposition(served, metricPrefix(name));
            Files.writeString(actual.resolve(name + ".prom"), exposition);
            assertThat(exposition).as("case %s: exposition", name).isEqualTo(golden(name, exposition));
        }
    }

    /** The lines of {@code served} about metrics named {@code prefix…}: samples, HELP and TYPE. */
    private static String exposition(String served, String prefix) {
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

    private String golden(String name, String served) throws IOException {
        Path file = golden.resolve(name + ".prom");
        if (Boolean.getBoolean("compat.update")) {
            Files.createDirectories(golden);
            Files.writeString(file, served);
        }
        assertThat(file).as("golden file of case %s (run with -Dcompat.update=true to write it from %s)",
                name, actual.resolve(name + ".prom")).exists();
        return Files.readString(file);
    }
}
