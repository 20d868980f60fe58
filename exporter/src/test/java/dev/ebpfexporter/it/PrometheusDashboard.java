package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Grafana dashboard JSON read for what a Prometheus needs to answer it: the PromQL of every
 * panel target and the query variables ({@code label_values(selector, label)}) they refer to.
 */
record PrometheusDashboard(List<Target> targets, List<Variable> variables) {
    static final Path OVERVIEW = Path.of(System.getProperty("exporter.grafanadir", "../grafana"))
            .resolve("ebpf-exporter-overview.json");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

    PrometheusDashboard {
        targets = List.copyOf(targets);
        variables = List.copyOf(variables);
    }

    /**
     * One query of one panel: {@code panel} is the panel's title, {@code refId} the target's,
     * {@code datasourceUids} the uid of the panel's data source and the target's.
     */
    record Target(String panel, String refId, String expr, List<String> datasourceUids) {
        Target {
            datasourceUids = List.copyOf(datasourceUids);
        }

        @Override
        public String toString() {
            return panel + " [" + refId + "]";
        }
    }

    /** A query variable whose values are {@code label} over the series matching {@code selector}. */
    record Variable(String name, String selector, String label) {}

    static PrometheusDashboard read(Path file) throws IOException {
        Map<String, Object> dashboard = PrometheusServer.parseJson(Files.readString(file));
        List<Target> targets = new ArrayList<>();
        addTargets(list(dashboard.get("panels")), targets);
        List<Variable> variables = new ArrayList<>();
        for (Map<String, Object> variable : list(map(dashboard.get("templating")).get("list"))) {
            if ("query".equals(variable.get("type"))) {
                variables.add(variable((String) variable.get("name"), (String) variable.get("definition")));
            }
        }
        return new PrometheusDashboard(targets, variables);
    }

    /** Panels in order; a collapsed row keeps its panels inside it, an open row after it. */
    private static void addTargets(List<Map<String, Object>> panels, List<Target> targets) {
        for (Map<String, Object> panel : panels) {
            if (panel.containsKey("panels")) {
                addTargets(list(panel.get("panels")), targets);
            }
            if (panel.containsKey("targets")) {
                for (Map<String, Object> target : list(panel.get("targets"))) {
                    targets.add(new Target((String) panel.get("title"), (String) target.get("refId"),
                            (String) target.get("expr"), List.of(uid(panel), uid(target))));
                }
            }
        }
    }

    private static Variable variable(String name, String definition) {
        Matcher m = LABEL_VALUES.matcher(definition);
        if (!m.matches()) {
            throw new IllegalArgumentException("variable " + name + ": not label_values(selector, label): " + definition);
        }
        return new Variable(name, m.group(1).trim(), m.group(2));
    }

    private static String uid(Map<String, Object> panelOrTarget) {
        Object datasource = panelOrTarget.get("datasource");
        return datasource == null ? "(none)" : String.valueOf(map(datasource).get("uid"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object json) {
        return (List<Map<String, Object>>) json;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }
}
