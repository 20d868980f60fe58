package dev.ebpfexporter.it;

import java.util.List;
import java.util.Map;

/** One sample of an instant vector from Prometheus's HTTP API: its labels and its value. */
record PrometheusSample(Map<String, String> labels, double value) {
    PrometheusSample {
        labels = Map.copyOf(labels);
    }

    /**
     * The samples of a parsed "result" array: each {@code {"metric": {...}, "value": [time, "v"]}},
     * the value a string that may read "NaN" or "+Inf".
     */
    @SuppressWarnings("unchecked")
    static List<PrometheusSample> listOf(Object result) {
        return ((List<Map<String, Object>>) result).stream()
                .map(sample -> new PrometheusSample((Map<String, String>) sample.get("metric"),
                        parseValue((String) ((List<Object>) sample.get("value")).get(1))))
                .toList();
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text); // "NaN" included
        };
    }
}
