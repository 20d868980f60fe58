package dev.ebpfexporter.it;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's variable interpolation for a dashboard opened with every variable on "All", done
 * against a real Prometheus: each query variable takes the values its {@code label_values} finds
 * there (after the variables before it are substituted), and becomes the regex {@code (a|b|c)},
 * as Grafana writes a multi-value variable into {@code =~"..."}. A repeated row sees one value
 * at a time in Grafana; the union regex matches what all repeats together show.
 */
final class PrometheusTemplating {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    private final Map<String, String> values;

    private PrometheusTemplating(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Resolves {@code variables} in order. {@code $__rate_interval} is Grafana's
     * max($__interval + scrape interval, 4 × scrape interval); an instant query has no
     * $__interval of its own, so it is 4 × the scrape interval.
     */
    static PrometheusTemplating resolve(List<PrometheusDashboard.Variable> variables, PrometheusServer prometheus)
            throws IOException, InterruptedException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("__rate_interval", 4 * PrometheusServer.SCRAPE_INTERVAL.toSeconds() + "s");
        for (PrometheusDashboard.Variable variable : variables) {
            String selector = new PrometheusTemplating(values).substitute(variable.selector());
            List<String> found = prometheus.labelValues(variable.label(), selector);
            if (found.isEmpty()) {
                throw new AssertionError("variable $" + variable.name() + " has no values: label_values("
                        + selector + ", " + variable.label() + ")");
            }
            values.put(variable.name(), "(" + String.join("|", found) + ")");
        }
        return new PrometheusTemplating(values);
    }

    /** {@code text} with every $name and ${name} replaced; a reference to an unknown variable fails. */
    String substitute(String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new AssertionError("unknown variable $" + name + " in " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
