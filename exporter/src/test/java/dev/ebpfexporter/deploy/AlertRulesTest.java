package dev.ebpfexporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/prometheus, checked with Debian's promtool (package `prometheus`): the rules are valid, every
 * alert's unit tests pass and include a case where it fires and one where it stays silent, the committed
 * PrometheusRule is exactly what make-prometheusrule.sh makes of the rules file, and the rules made for
 * another scrape job still pass the same unit tests once their inputs carry that job.
 */
class AlertRulesTest {
    private static final Path DIR = Path.of("../deploy/prometheus");
    private static final Path RULES = DIR.resolve("ebpf-exporter.rules.yml");
    private static final Path PROMETHEUS_RULE = DIR.resolve("ebpf-exporter.prometheusrule.yaml");
    private static final Path MAKE_PROMETHEUS_RULE = DIR.resolve("make-prometheusrule.sh");
    private static final Path TESTS = DIR.resolve("tests");
    private static final Path OVERRIDE_EXAMPLE = TESTS.resolve("threshold-overrides.rules.yml");
    private static final String DEFAULT_JOB = "ebpf-exporter";
    private static final String OTHER_JOB = "monitoring/node-ebpf";

    @Test
    void rulesAndTheOverrideExamplePassPromtoolCheck() throws Exception {
        Result check = run(List.of("promtool", "check", "rules", RULES.toString(), OVERRIDE_EXAMPLE.toString()));
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        Result test = promtoolTest(TESTS);
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).doesNotContain("FAILED");
    }

    @Test
    void everyAlertIsTestedFiringAndSilent() throws IOException {
        Set<String> alerts = new TreeSet<>();
        for (Object group : list(map(load(RULES)).get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                Object alert = map(rule).get("alert");
                if (alert != null) {
                    alerts.add((String) alert);
                }
            }
        }
        Set<String> fired = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (Path testFile : testFiles(TESTS)) {
            for (Object test : list(map(load(testFile)).get("tests"))) {
                for (Object evaluation : listOrEmpty(map(test).get("alert_rule_test"))) {
                    String alert = (String) map(evaluation).get("alertname");
                    (listOrEmpty(map(evaluation).get("exp_alerts")).isEmpty() ? silent : fired).add(alert);
                }
            }
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(7);
        assertThat(fired).as("alerts with a test where they fire").isEqualTo(alerts);
        assertThat(silent).as("alerts with a test where they stay silent").isEqualTo(alerts);
    }

    @Test
    void committedPrometheusRuleIsTheScriptsOutput() throws Exception {
        Result made = run(List.of("bash", MAKE_PROMETHEUS_RULE.toString()));
        assertThat(made.exitCode()).as(made.output()).isZero();
        assertThat(made.output()).as("rerun make-prometheusrule.sh > ebpf-exporter.prometheusrule.yaml")
                .isEqualTo(Files.readString(PROMETHEUS_RULE));

        Map<?, ?> prometheusRule = map(load(PROMETHEUS_RULE));
        assertThat(prometheusRule.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(prometheusRule.get("kind")).isEqualTo("PrometheusRule");
        assertThat(prometheusRule.get("spec")).isEqualTo(load(RULES));
    }

    @Test
    void rulesForAnotherJobPassTheUnitTestsOnThatJobsSeries(@TempDir Path copy) throws Exception {
        Result made = run(List.of("bash", MAKE_PROMETHEUS_RULE.toString(), OTHER_JOB));
        assertThat(made.exitCode()).as(made.output()).isZero();
        assertThat(made.output()).doesNotContain("job=\"" + DEFAULT_JOB + "\"")
                .contains("job=\"" + OTHER_JOB + "\"");

        Object spec = map(new Yaml().load(made.output())).get("spec");
        Files.writeString(copy.resolve(RULES.getFileName()), new Yaml().dump(spec));
        Path tests = Files.createDirectory(copy.resolve("tests"));
        Files.copy(OVERRIDE_EXAMPLE, tests.resolve(OVERRIDE_EXAMPLE.getFileName()));
        for (Path testFile : testFiles(TESTS)) {
            String withOtherJob = Files.readString(testFile)
                    .replace("job=\"" + DEFAULT_JOB + "\"", "job=\"" + OTHER_JOB + "\"")
                    .replace("job: " + DEFAULT_JOB, "job: " + OTHER_JOB);
            Files.writeString(tests.resolve(testFile.getFileName()), withOtherJob);
        }
        Result test = promtoolTest(tests);
        assertThat(test.exitCode()).as(test.output()).isZero();
    }

    @Test
    void scriptRefusesAJobNameThatWouldBreakTheMatchers() throws Exception {
        Result made = run(List.of("bash", MAKE_PROMETHEUS_RULE.toString(), "a\"b"));
        assertThat(made.exitCode()).isEqualTo(2);
        assertThat(made.output()).contains("job name 'a\"b' must match");
    }

    private static Result promtoolTest(Path testsDir) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
        for (Path testFile : testFiles(testsDir)) {
            command.add(testFile.toString());
        }
        return run(command);
    }

    /** The promtool unit test files of a directory, in name order; at least the two shipped ones. */
    private static List<Path> testFiles(Path testsDir) throws IOException {
        try (Stream<Path> files = Files.list(testsDir)) {
            List<Path> tests = files.filter(file -> file.getFileName().toString().endsWith(".test.yml")).sorted().toList();
            assertThat(tests).hasSizeGreaterThanOrEqualTo(2);
            return tests;
        }
    }

    private record Result(int exitCode, String output) {}

    /** Runs a command to completion (stdout and stderr together); promtool answers in well under a second. */
    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            return new Result(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }

    private static Object load(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    private static Map<?, ?> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<?, ?>) node;
    }

    private static List<?> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<?>) node;
    }

    private static List<?> listOrEmpty(Object node) {
        return node == null ? List.of() : list(node);
    }
}
