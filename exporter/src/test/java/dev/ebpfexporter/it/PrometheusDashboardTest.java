package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the overview dashboard must hold without a Prometheus to ask (PrometheusEndToEndIT runs
 * its queries): the template variables, and every query following them.
 */
class PrometheusDashboardTest {
    private static final Pattern SELECTOR = Pattern.compile("(ebpf_exporter_\\w+|\\bup)(\\{[^}]*})?");
    private static final String SCOPE = "job=~\"$job\",instance=~\"$instance\"";

    private final PrometheusDashboard dashboard = read();

    private static PrometheusDashboard read() {
        try {
            return PrometheusDashboard.read(PrometheusDashboard.OVERVIEW);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void variablesAreJobInstanceAndSoftirqKindInThatOrder() {
        assertThat(dashboard.variables()).extracting(PrometheusDashboard.Variable::name)
                .containsExactly("job", "instance", "kind");
    }

    @Test
    void everyTargetUsesTheDatasourceVariable() {
        assertThat(dashboard.targets()).isNotEmpty().allSatisfy(target ->
                assertThat(target.datasourceUids()).as(target.toString()).containsOnly("${datasource}"));
    }

    @Test
    void everySeriesSelectorIsScopedToTheSelectedJobAndInstance() {
        List<String> unscoped = new ArrayList<>();
        for (PrometheusDashboard.Target target : dashboard.targets()) {
            Matcher m = SELECTOR.matcher(target.expr());
            while (m.find()) {
                if (m.group(2) == null || !m.group(2).contains(SCOPE)) {
                    unscoped.add(target + ": " + m.group());
                }
            }
        }
        assertThat(unscoped).isEmpty();
    }

    @Test
    void rangesUseRateInterval() {
        assertThat(dashboard.targets()).filteredOn(target -> target.expr().contains("rate("))
                .allSatisfy(target -> assertThat(target.expr()).as(target.toString())
                        .doesNotContainPattern("\\[\\d+[smhd]]").contains("[$__rate_interval]"));
    }
}
