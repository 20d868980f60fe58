package dev.ebpfexporter.config;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The rules the config records check when they are built: what counters, gauges and histograms share. */
final class MetricRules {
    /** Metric names are BPF map names (C identifiers); label names are Prometheus label names. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private MetricRules() {}

    static void check(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries) {
        identifier("name", name, "a BPF map name");
        help("help", help);
        Map<String, Integer> firstUse = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            Integer first = firstUse.putIfAbsent(labels.get(i).name(), i);
            if (first != null) {
                throw new InvalidField("labels[" + i + "].name", "(\"" + labels.get(i).name()
                        + "\") is already used by labels[" + first + "].name");
            }
        }
        if (maxEntries.isPresent() && maxEntries.getAsInt() <= 0) {
            throw new InvalidField("max_entries", "(" + maxEntries.getAsInt() + ") must be > 0");
        }
    }

    /** A bucket_multiplier or value_multiplier: what one unit read is worth in the exposed unit. */
    static void multiplier(String field, double multiplier) {
        if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
            throw new InvalidField(field, "(" + BigDecimal.valueOf(multiplier).stripTrailingZeros().toPlainString()
                    + ") must be > 0");
        }
    }

    static void help(String field, String help) {
        if (help == null || help.isBlank()) {
            throw new InvalidField(field, help == null ? "is required" : "must not be empty");
        }
    }

    /** Java regular expressions, each compiled here once so that a bad one is refused where it is written. */
    static void regexps(String field, List<String> regexps) {
        for (int i = 0; i < regexps.size(); i++) {
            try {
                Pattern.compile(regexps.get(i));
            } catch (PatternSyntaxException e) {
                throw new InvalidField(field + "[" + i + "]", "(\"" + regexps.get(i) + "\") is not a valid regular expression: "
                        + e.getDescription() + " at index " + e.getIndex());
            }
        }
    }

    static void identifier(String field, String value, String what) {
        if (value == null) {
            throw new InvalidField(field, "is required");
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new InvalidField(field, "(\"" + value + "\") must be " + what
                    + ": letters, digits and _, not starting with a digit");
        }
    }
}
