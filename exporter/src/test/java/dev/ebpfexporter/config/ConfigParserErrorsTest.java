package dev.ebpfexporter.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad config and the exact one-line error: source:line:column: field path, problem. */
class ConfigParserErrorsTest {
    /** A valid counter header, so that cases only show what they break (lines 1-4). */
    private static final String TRACING_ALONE = "is not supported (this exporter does not export ebpf_exporter's"
            + " spans), and this config declares no metrics, so nothing of it would run; leave it out of"
            + " --config.names, or declare metrics";
    private static final String COUNTER = """
            metrics:
              counters:
                - name: c
                  help: h
            """;

    /** A valid histogram header (lines 1-4). */
    private static final String HISTOGRAM = """
            metrics:
              histograms:
                - name: h
                  help: h
            """;

    /** A valid label list at histogram/counter level (6 lines). */
    private static final String LABELS = """
                  labels:
                    - name: bucket
                      size: 8
                      decoders:
                        - name: uint
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                // YAML itself
                Arguments.of("empty file", "", "t.yaml:1:1: the file is empty"),
                Arguments.of("only comments", "# nothing\n# here\n", "t.yaml:1:1: the file is empty"),
                Arguments.of("bad indentation", """
                        metrics:
                          counters:
                            - name: c
                             help: h
                        """,
                        "t.yaml:4:6: invalid YAML: while parsing a block collection,"
                                + " expected <block end>, but found '<block mapping start>'"),
                Arguments.of("unclosed flow list", "metrics: [a, b\n",
                        "t.yaml:2:1: invalid YAML: while parsing a flow sequence,"
                                + " expected ',' or ']', but got <stream end>"),
                Arguments.of("tab indentation", "metrics:\n\tcounters: []\n",
                        "t.yaml:2:1: invalid YAML: while scanning for the next token, found character '\\t(TAB)'"
                                + " that cannot start any token. (Do not use \\t(TAB) for indentation)"),
                Arguments.of("two documents", "metrics: {}\n---\nmetrics: {}\n",
                        "t.yaml:3:1: invalid YAML: expected a single document in the stream,"
                                + " but found another document"),
                Arguments.of("top level is a list", "- metrics\n", "t.yaml:1:1: top level must be a mapping, not a list"),
                Arguments.of("alias to no anchor", COUNTER + "      labels: *nothing\n",
                        "t.yaml:5:7: metrics.counters[0].labels refers to *nothing, which no earlier &nothing defines"),
                Arguments.of("alias bomb", aliasBomb(),
                        "t.yaml:10:12: the document expands to more than 20000 values (through aliases?);"
                                + " write it out without chains of aliases"),
                Arguments.of("10k-deep nesting", "metrics: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n",
                        "t.yaml:1:74: the document nests deeper than 64 levels"),
                Arguments.of("duplicate key", COUNTER + "      help: again\n" + LABELS,
                        "t.yaml:5:7: metrics.counters[0].help is given twice"),

                // structure
                Arguments.of("unknown top-level key", "metrics: {}\ntracer: {}\n",
                        "t.yaml:2:1: tracer is not a known field (known: metrics, tracing, kaddrs, cgroup_id_map)"),
                Arguments.of("unknown counter key", COUNTER + "      lables: []\n",
                        "t.yaml:5:7: metrics.counters[0].lables is not a known field"
                                + " (known: name, help, labels, max_entries, max_series, idle_timeout, skip_zeros,"
                                + " value_multiplier, perf_event_array, flush_interval, values)"),
                Arguments.of("unknown histogram key", HISTOGRAM + "      bucket_count: 3\n",
                        "t.yaml:5:7: metrics.histograms[0].bucket_count is not a known field (known: name, help, labels,"
                                + " max_entries, max_series, idle_timeout, bucket_type, bucket_min, bucket_max, bucket_multiplier, bucket_keys)"),
                Arguments.of("unknown label key", COUNTER + LABELS + "          offset: 2\n",
                        "t.yaml:10:11: metrics.counters[0].labels[0].offset is not a known field"
                                + " (known: name, size, padding, decoders)"),
                Arguments.of("unknown decoder key", COUNTER + LABELS + "              width: 2\n",
                        "t.yaml:10:15: metrics.counters[0].labels[0].decoders[0].width is not a known field"
                                + " (known: name, static_map, allow_unknown, regexps)"),
                // gauges, values, perf_event_array, kaddrs
                Arguments.of("values beside help", COUNTER + "      values: [{name: a, help: a}]\n",
                        "t.yaml:4:7: metrics.counters[0].help goes on each of values when the map has values"),
                Arguments.of("empty values", "metrics:\n  gauges:\n    - name: g\n      values: []\n",
                        "t.yaml:4:7: metrics.gauges[0].values must not be empty (one name and help per u64 field of the value)"),
                Arguments.of("value without help", "metrics:\n  gauges:\n    - name: g\n      values: [{name: a}]\n",
                        "t.yaml:4:16: metrics.gauges[0].values[0].help is required"),
                Arguments.of("gauge without help", "metrics:\n  gauges:\n    - name: g\n",
                        "t.yaml:3:7: metrics.gauges[0].help is required"),
                Arguments.of("value named as its map", "metrics:\n  counters:\n    - name: c\n      values: [{name: c, help: a}]\n",
                        "t.yaml:4:17: metrics.counters[0].values[0].name (\"c\") is already used by metrics.counters[0].name"),
                Arguments.of("value named as another metric", COUNTER
                                + "  gauges:\n    - name: g\n      values: [{name: c, help: a}]\n",
                        "t.yaml:7:17: metrics.gauges[0].values[0].name (\"c\") is already used by metrics.counters[0].name"),
                Arguments.of("values on a perf_event_array counter", "metrics:\n  counters:\n    - name: c\n"
                                + "      perf_event_array: true\n      values: [{name: a, help: a}]\n",
                        "t.yaml:5:7: metrics.counters[0].values does not apply to perf_event_array counters (a sample is one event)"),
                Arguments.of("flush_interval without perf_event_array", COUNTER + "      flush_interval: 1m\n",
                        "t.yaml:5:7: metrics.counters[0].flush_interval applies only to counters with perf_event_array: true"),
                Arguments.of("flush_interval zero", COUNTER + "      perf_event_array: true\n      flush_interval: 0s\n",
                        "t.yaml:6:7: metrics.counters[0].flush_interval must be > 0"),
                Arguments.of("flush_interval not a duration", COUNTER + "      perf_event_array: true\n      flush_interval: soon\n",
                        "t.yaml:6:7: metrics.counters[0].flush_interval (\"soon\") must be a duration such as 500ms, 30s, 1m or 1h30m"),
                Arguments.of("kaddr not a symbol", COUNTER + "kaddrs: [bpf_prog_fops, a-b]\n",
                        "t.yaml:5:25: kaddrs[1] (\"a-b\") must be a kernel symbol name: letters, digits and _, not starting with a digit"),
                Arguments.of("metrics missing", "kaddrs: [x]\n", "t.yaml:1:1: metrics is required"),
                Arguments.of("tracing only", "tracing:\n  spans: []\n", "t.yaml:1:1: tracing " + TRACING_ALONE),
                Arguments.of("tracing and no metrics", "metrics: {}\ntracing:\n  spans: []\n",
                        "t.yaml:2:1: tracing " + TRACING_ALONE),
                Arguments.of("metrics empty", "metrics:\n", "t.yaml:1:1: metrics must not be empty: give it a value or remove it"),
                Arguments.of("padding empty", COUNTER + LABELS + "          padding:\n",
                        "t.yaml:10:11: metrics.counters[0].labels[0].padding must not be empty: give it a value or remove it"),
                Arguments.of("no metrics", "metrics:\n  counters: []\n  histograms: []\n",
                        "t.yaml:1:1: metrics declares no counters, gauges or histograms"),
                Arguments.of("metrics is a list", "metrics: [a]\n", "t.yaml:1:1: metrics must be a mapping, not a list"),
                Arguments.of("counters is a mapping", "metrics:\n  counters: {name: c}\n",
                        "t.yaml:2:3: metrics.counters must be a list, not a mapping"),
                Arguments.of("cgroup_id_map of an unknown type", COUNTER + LABELS
                                + "cgroup_id_map:\n  name: m\n  type: array\n  regexps: [x]\n",
                        "t.yaml:12:3: cgroup_id_map.type (\"array\") must be one of hash, cgrp_storage"),
                Arguments.of("cgroup_id_map without regexps", COUNTER + LABELS
                                + "cgroup_id_map:\n  name: m\n  regexps: []\n",
                        "t.yaml:12:3: cgroup_id_map.regexps must not be empty (a cgroup is put in the map when its"
                                + " path matches one)"),
                Arguments.of("cgroup_id_map with a bad regexp", COUNTER + LABELS
                                + "cgroup_id_map:\n  name: m\n  regexps: ['(system']\n",
                        "t.yaml:12:13: cgroup_id_map.regexps[0] (\"(system\") is not a valid regular expression: Unclosed group at index 7"),

                // metric fields
                Arguments.of("name missing", "metrics:\n  counters:\n    - help: h\n" + LABELS,
                        "t.yaml:3:7: metrics.counters[0].name is required"),
                Arguments.of("help missing", "metrics:\n  counters:\n    - name: c\n" + LABELS,
                        "t.yaml:3:7: metrics.counters[0].help is required"),
                Arguments.of("help empty", "metrics:\n  counters:\n    - name: c\n      help: ''\n" + LABELS,
                        "t.yaml:4:7: metrics.counters[0].help must not be empty"),
                Arguments.of("name is a list", "metrics:\n  counters:\n    - name: [c]\n",
                        "t.yaml:3:7: metrics.counters[0].name must be a string, not a list"),
                Arguments.of("name not an identifier", "metrics:\n  counters:\n    - name: page-faults\n      help: h\n",
                        "t.yaml:3:7: metrics.counters[0].name (\"page-faults\") must be a BPF map name:"
                                + " letters, digits and _, not starting with a digit"),
                Arguments.of("duplicate metric name", COUNTER + LABELS + """
                          histograms:
                            - name: c
                              help: h
                              bucket_type: exp2
                              bucket_max: 3
                        """ + LABELS,
                        "t.yaml:11:7: metrics.histograms[0].name (\"c\") is already used by metrics.counters[0].name"),
                Arguments.of("histogram labels missing", HISTOGRAM + "      bucket_type: exp2\n      bucket_max: 3\n",
                        "t.yaml:3:7: metrics.histograms[0].labels is required"),
                Arguments.of("histogram without labels", HISTOGRAM + "      bucket_type: exp2\n      bucket_max: 3\n      labels: []\n",
                        "t.yaml:7:7: metrics.histograms[0].labels must not be empty (the last label is the bucket slot)"),
                Arguments.of("max_entries zero", COUNTER + LABELS + "      max_entries: 0\n",
                        "t.yaml:10:7: metrics.counters[0].max_entries (0) must be > 0"),
                Arguments.of("max_entries a string", COUNTER + LABELS + "      max_entries: many\n",
                        "t.yaml:10:7: metrics.counters[0].max_entries must be an integer, not the string \"many\""),
                Arguments.of("max_entries too large", COUNTER + LABELS + "      max_entries: 4294967296\n",
                        "t.yaml:10:7: metrics.counters[0].max_entries (4294967296) is out of range"),
                Arguments.of("max_series zero", COUNTER + LABELS + "      max_series: 0\n",
                        "t.yaml:10:7: metrics.counters[0].max_series (0) must be > 0"),
                Arguments.of("idle_timeout without a unit", COUNTER + LABELS + "      idle_timeout: 600\n",
                        "t.yaml:10:7: metrics.counters[0].idle_timeout (\"600\") must be a duration such as 500ms, 30s,"
                                + " 1m or 1h30m"),
                Arguments.of("idle_timeout longer than Go's int64 nanoseconds", COUNTER + LABELS
                                + "      idle_timeout: 2562048h\n",
                        "t.yaml:10:7: metrics.counters[0].idle_timeout (\"2562048h\") is longer than the longest"
                                + " duration, 2562047h47m16.854775807s"),
                Arguments.of("idle_timeout zero", COUNTER + LABELS + "      idle_timeout: 0s\n",
                        "t.yaml:10:7: metrics.counters[0].idle_timeout must be > 0"),
                Arguments.of("idle_timeout on a perf_event_array", COUNTER + LABELS
                                + "      perf_event_array: true\n      idle_timeout: 1m\n",
                        "t.yaml:11:7: metrics.counters[0].idle_timeout does not apply to perf_event_array counters"
                                + " (their counts are not in a map to delete from; flush_interval starts them again)"),
                Arguments.of("idle_timeout on a map with values", """
                        metrics:
                          counters:
                            - name: c
                              values:
                                - name: a
                                  help: a
                              idle_timeout: 1m
                        """,
                        "t.yaml:7:7: metrics.counters[0].idle_timeout does not apply to a map with values: deleting a"
                                + " key would take every field's count at once, and only one metric of the map could"
                                + " carry it"),
                Arguments.of("perf_event_array not a bool", COUNTER + LABELS + "      perf_event_array: 1\n",
                        "t.yaml:10:7: metrics.counters[0].perf_event_array must be true or false, not the integer 1"),
                Arguments.of("skip_zeros not a bool", COUNTER + LABELS + "      skip_zeros: some\n",
                        "t.yaml:10:7: metrics.counters[0].skip_zeros must be true or false, not the string \"some\""),

                // labels
                Arguments.of("label size zero", COUNTER + LABELS.replace("size: 8", "size: 0"),
                        "t.yaml:7:11: metrics.counters[0].labels[0].size (0) must be > 0"),
                Arguments.of("label size negative", COUNTER + LABELS.replace("size: 8", "size: -4"),
                        "t.yaml:7:11: metrics.counters[0].labels[0].size (-4) must be > 0"),
                Arguments.of("label size quoted", COUNTER + LABELS.replace("size: 8", "size: \"8\""),
                        "t.yaml:7:11: metrics.counters[0].labels[0].size must be an integer, not the string \"8\""),
                Arguments.of("label size a float", COUNTER + LABELS.replace("size: 8", "size: 8.0"),
                        "t.yaml:7:11: metrics.counters[0].labels[0].size must be an integer, not the float 8.0"),
                Arguments.of("label size missing", COUNTER + LABELS.replace("          size: 8\n", ""),
                        "t.yaml:6:11: metrics.counters[0].labels[0].size is required"),
                Arguments.of("label padding negative", COUNTER + LABELS + "          padding: -1\n",
                        "t.yaml:10:11: metrics.counters[0].labels[0].padding (-1) must be ≥ 0"),
                Arguments.of("label name reserved", COUNTER + LABELS.replace("name: bucket", "name: __name__"),
                        "t.yaml:6:11: metrics.counters[0].labels[0].name (\"__name__\") must not start with __"
                                + " (reserved by Prometheus)"),
                Arguments.of("duplicate label name", COUNTER + LABELS + LABELS.substring(LABELS.indexOf('\n') + 1),
                        "t.yaml:10:11: metrics.counters[0].labels[1].name (\"bucket\") is already used by"
                                + " labels[0].name"),
                Arguments.of("no decoders", COUNTER + LABELS.replace("decoders:\n            - name: uint", "decoders: []"),
                        "t.yaml:8:11: metrics.counters[0].labels[0].decoders must not be empty"
                                + " (the decoders turn the key bytes into the label value)"),

                // decoders
                Arguments.of("unknown decoder", COUNTER + LABELS.replace("- name: uint", "- name: ksym"),
                        "t.yaml:9:15: metrics.counters[0].labels[0].decoders[0].name (\"ksym\") is not a known decoder"
                                + " (known: hex, regexp, static_map, string, uint)"),
                Arguments.of("static_map without map", COUNTER + LABELS + "            - name: static_map\n",
                        "t.yaml:10:15: metrics.counters[0].labels[0].decoders[1].static_map is required, and must not be empty,"
                                + " for the static_map decoder"),
                Arguments.of("static_map empty", COUNTER + LABELS + "            - {name: static_map, static_map: {}}\n",
                        "t.yaml:10:34: metrics.counters[0].labels[0].decoders[1].static_map is required, and must not be empty,"
                                + " for the static_map decoder"),
                Arguments.of("static_map value is a list", COUNTER + LABELS + """
                                    - name: static_map
                                      static_map:
                                        0: [a]
                        """,
                        "t.yaml:12:17: metrics.counters[0].labels[0].decoders[1].static_map.0 must be a string, not a list"),
                Arguments.of("allow_unknown not a bool", COUNTER + LABELS + "              allow_unknown: sometimes\n",
                        "t.yaml:10:15: metrics.counters[0].labels[0].decoders[0].allow_unknown must be true or false,"
                                + " not the string \"sometimes\""),
                Arguments.of("regexps not a list", COUNTER + LABELS + "              regexps: ^a\n",
                        "t.yaml:10:15: metrics.counters[0].labels[0].decoders[0].regexps must be a list,"
                                + " not the string \"^a\""),
                Arguments.of("regexp without regexps", COUNTER + LABELS + "            - name: regexp\n",
                        "t.yaml:10:15: metrics.counters[0].labels[0].decoders[1].regexps is required, and must not be empty,"
                                + " for the regexp decoder (a key is kept when one of them matches)"),
                Arguments.of("regexp with no regexps", COUNTER + LABELS + "            - {name: regexp, regexps: []}\n",
                        "t.yaml:10:30: metrics.counters[0].labels[0].decoders[1].regexps is required, and must not be empty,"
                                + " for the regexp decoder (a key is kept when one of them matches)"),
                Arguments.of("regexp that does not compile", COUNTER + LABELS + "            - {name: regexp, regexps: [ok, '(a']}\n",
                        "t.yaml:10:44: metrics.counters[0].labels[0].decoders[1].regexps[1] (\"(a\") is not a valid"
                                + " regular expression: Unclosed group at index 2"),

                // histogram buckets
                Arguments.of("bucket_type missing", HISTOGRAM + LABELS,
                        "t.yaml:3:7: metrics.histograms[0].bucket_type is required"),
                Arguments.of("bucket_type unknown", HISTOGRAM + "      bucket_type: log2\n" + LABELS,
                        "t.yaml:5:7: metrics.histograms[0].bucket_type (\"log2\") must be one of exp2, exp2zero, linear, fixed"),
                Arguments.of("bucket_max missing", HISTOGRAM + "      bucket_type: exp2\n" + LABELS,
                        "t.yaml:3:7: metrics.histograms[0].bucket_max is required"),
                Arguments.of("bucket_max below bucket_min", HISTOGRAM + """
                              bucket_type: exp2
                              bucket_min: 30
                              bucket_max: 27
                        """ + LABELS,
                        "t.yaml:7:7: metrics.histograms[0].bucket_max (27) must be ≥ bucket_min (30)"),
                Arguments.of("bucket_min negative", HISTOGRAM + """
                              bucket_type: linear
                              bucket_min: -1
                              bucket_max: 27
                        """ + LABELS,
                        "t.yaml:6:7: metrics.histograms[0].bucket_min (-1) must be ≥ 0"),
                Arguments.of("exp2 beyond u64", HISTOGRAM + "      bucket_type: exp2\n      bucket_max: 65\n" + LABELS,
                        "t.yaml:6:7: metrics.histograms[0].bucket_max (65) must be ≤ 64 for exp2 histograms"
                                + " (slot 64 already holds the largest u64 values)"),
                Arguments.of("exp2zero beyond u64", HISTOGRAM + "      bucket_type: exp2zero\n      bucket_max: 66\n" + LABELS,
                        "t.yaml:6:7: metrics.histograms[0].bucket_max (66) must be ≤ 65 for exp2zero histograms"
                                + " (slot 65 already holds the largest u64 values)"),
                Arguments.of("bucket_multiplier zero", HISTOGRAM + """
                              bucket_type: linear
                              bucket_max: 10
                              bucket_multiplier: 0
                        """ + LABELS,
                        "t.yaml:7:7: metrics.histograms[0].bucket_multiplier (0) must be > 0"),
                Arguments.of("bucket_multiplier infinite", HISTOGRAM + """
                              bucket_type: linear
                              bucket_max: 10
                              bucket_multiplier: .inf
                        """ + LABELS,
                        "t.yaml:7:7: metrics.histograms[0].bucket_multiplier must be a finite number, not .inf"),
                Arguments.of("bucket_multiplier a string", HISTOGRAM + """
                              bucket_type: linear
                              bucket_max: 10
                              bucket_multiplier: micro
                        """ + LABELS,
                        "t.yaml:7:7: metrics.histograms[0].bucket_multiplier must be a number, not the string \"micro\""),
                Arguments.of("fixed without bucket_keys", HISTOGRAM + "      bucket_type: fixed\n" + LABELS,
                        "t.yaml:3:7: metrics.histograms[0].bucket_keys is required, and must not be empty, for fixed histograms"),
                Arguments.of("fixed with empty bucket_keys", HISTOGRAM + "      bucket_type: fixed\n      bucket_keys: []\n" + LABELS,
                        "t.yaml:6:7: metrics.histograms[0].bucket_keys is required, and must not be empty, for fixed histograms"),
                Arguments.of("fixed with unsorted bucket_keys", HISTOGRAM + """
                              bucket_type: fixed
                              bucket_keys: [1, 10, 5]
                        """ + LABELS,
                        "t.yaml:6:28: metrics.histograms[0].bucket_keys[2] (5) must be > bucket_keys[1] (10):"
                                + " keys must be ascending"),
                Arguments.of("fixed with a repeated bucket key", HISTOGRAM + """
                              bucket_type: fixed
                              bucket_keys:
                                - 1
                                - 1
                        """ + LABELS,
                        "t.yaml:8:11: metrics.histograms[0].bucket_keys[1] (1) must be > bucket_keys[0] (1):"
                                + " keys must be ascending"),
                Arguments.of("fixed with bucket_max", HISTOGRAM + """
                              bucket_type: fixed
                              bucket_keys: [1]
                              bucket_max: 3
                        """ + LABELS,
                        "t.yaml:7:7: metrics.histograms[0].bucket_max applies only to exp2, exp2zero and linear histograms"),
                Arguments.of("exp2 with bucket_keys", HISTOGRAM + """
                              bucket_type: exp2
                              bucket_max: 3
                              bucket_keys: [1]
                        """ + LABELS,
                        "t.yaml:7:7: metrics.histograms[0].bucket_keys applies only to fixed histograms"));
    }

    /** Each level lists the previous one ten times: 10^9 values once written out. */
    private static String aliasBomb() {
        StringBuilder yaml = new StringBuilder(COUNTER + "tracing:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level < 10; level++) {
            String previous = "*l" + (level - 1);
            yaml.append("  l").append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, previous))).append("]\n");
        }
        return yaml.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejects(String description, String yaml, String message) {
        assertThatThrownBy(() -> ConfigParserTest.PARSER.parse("t", "t.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
