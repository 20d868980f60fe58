package dev.ebpfexporter.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One sample of the Prometheus text format: {@code name{labels} value}. */
record Series(String name, Map<String, String> labels, double value) {
    /** Parses the text format (0.0.4): comments skipped, label values unescaped. */
    static List<Series> parseAll(String exposition) {
        List<Series> all = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                all.add(parse(line));
            }
        }
        return all;
    }

    static Series parse(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // past ="
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char escaped = line.charAt(++j);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
        } else {
            name = line.substring(0, space);
        }
        return new Series(name, labels, Double.parseDouble(line.substring(space + 1)));
    }

    /** Sum of every series named {@code name} whose labels include all of {@code match}. */
    static double sum(List<Series> all, String name, Map<String, String> match) {
        return all.stream()
                .filter(s -> s.name.equals(name) && s.labels.entrySet().containsAll(match.entrySet()))
                .mapToDouble(Series::value)
                .sum();
    }
}
