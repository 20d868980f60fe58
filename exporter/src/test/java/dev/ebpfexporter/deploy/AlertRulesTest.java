package dev.ebpfexporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** deploy/prometheus: the rules are valid, their promtool unit tests pass, the PrometheusRule matches. */
class AlertRulesTest {
    private static final Path RULES_DIR = Path.of("../deploy/prometheus");
    private static final Path RULES = RULES_DIR.resolve("ebpf-exporter.rules.yml");

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertFiresWhenItShouldAndStaysSilentOtherwise() throws Exception {
        assertThat(promtool("test", "rules", RULES_DIR.resolve("tests/alerts.test.yml").toString())).contains("SUCCESS");
    }

    @Test
    void prometheusRuleCarriesExactlyTheRulesFile() throws IOException {
        Map<String, Object> rules = load(RULES);
        Map<String, Object> prometheusRule = load(RULES_DIR.resolve("ebpf-exporter.prometheusrule.yaml"));
        assertThat(prometheusRule).containsEntry("kind", "PrometheusRule");
        assertThat(prometheusRule.get("spec")).as("run make-prometheusrule.sh after editing the rules").isEqualTo(rules);
    }

    private static Map<String, Object> load(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    /** Runs promtool; a non-zero exit fails the test with promtool's own report. */
    private static String promtool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }
}
