package dev.ebpfexporter.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One sample of the Prometheus text format (0.0.4): {@code name{labels} value [timestamp]}. */
record Series(String name, Map<String, String> labels, double value) {
    Series {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** Every sample of an exposition; comment lines (# HELP, # TYPE) and blank lines skipped. */
    static List<Series> parseAll(String exposition) {
        List<Series> all = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                all.add(parse(line));
            }
        }
        return all;
    }

    /** One sample line; label values are unescaped (\\, \", \n) and may hold any character. */
    static Series parse(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = parseLabels(line, i + 1, labels);
        }
        String[] valueAndTimestamp = line.substring(i).trim().split("\\s+");
        if (name.isEmpty() || valueAndTimestamp.length > 2 || valueAndTimestamp[0].isEmpty()) {
            throw new IllegalArgumentException("not a sample line: " + line);
        }
        return new Series(name, labels, parseValue(valueAndTimestamp[0]));
    }

    /** Sum of every series named {@code name} whose labels include all of {@code match} (0 if none). */
    static double sum(List<Series> all, String name, Map<String, String> match) {
        return values(all, name, match).stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The values of every series named {@code name} whose labels include all of {@code match}, in order. */
    static List<Double> values(List<Series> all, String name, Map<String, String> match) {
        return all.stream()
                .filter(s -> s.name.equals(name) && s.labels.entrySet().containsAll(match.entrySet()))
                .map(Series::value)
                .toList();
    }

    /** Reads {@code a="x",b="y"}} from {@code start} (just past the brace); returns the index past the '}'. */
    private static int parseLabels(String line, int start, Map<String, String> labels) {
        int i = skipSpaces(line, start);
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            if (eq < 0 || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("bad label at column " + i + ": " + line);
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            labels.put(line.substring(i, eq).trim(), value.toString());
            i = skipSpaces(line, j + 1);
            if (line.charAt(i) == ',') {
                i = skipSpaces(line, i + 1);
            }
        }
        return i + 1;
    }

    private static int skipSpaces(String line, int i) {
        while (line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
