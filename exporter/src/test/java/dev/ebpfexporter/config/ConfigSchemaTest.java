package dev.ebpfexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ebpfexporter.decode.Decoders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/config.schema.json and the parser agree: every shipped and test config passes both, and
 * configs that break a rule the schema can express fail both.
 */
class ConfigSchemaTest {
    private static final Schema SCHEMA = schema();
    private static final ConfigParser PARSER = new ConfigParser(Decoders.standard().names());
    /** The document as records are bound from it: aliases resolved, which a schema validator reading YAML would not do. */
    private static final YamlReader TREES = new YamlReader(Map.of(), Set.of());

    private static Schema schema() {
        try {
            String text = Files.readString(Path.of("..", "docs", "config.schema.json"));
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(text, InputFormat.JSON);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> configs() throws IOException {
        return Stream.of(Path.of("..", "configs"), Path.of("src", "test", "bpf"), Path.of("src", "test", "resources", "bundled-test"))
                .flatMap(ConfigSchemaTest::yamlFiles);
    }

    private static Stream<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Error> schemaErrors(String yaml) throws ConfigException {
        JsonNode tree = TREES.read("t.yaml", yaml, JsonNode.class).orElseThrow().value();
        return SCHEMA.validate(tree);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void everyShippedAndTestConfigPassesTheSchemaAndTheParser(Path file) throws Exception {
        String yaml = Files.readString(file);

        assertThat(schemaErrors(yaml)).isEmpty();
        PARSER.parse("t", file.toString(), yaml);
    }

    private static final String LABEL = "{name: id, size: 4, decoders: [{name: uint}]}";

    static Stream<Arguments> invalidConfigs() {
        String counter = "metrics:\n  counters:\n    - {name: c, help: h, labels: [" + LABEL + "], %s}\n";
        String histogram = "metrics:\n  histograms:\n    - {name: h, help: h, labels: [" + LABEL + "], %s}\n";
        return Stream.of(
                Arguments.of("unknown top-level key", "metrics: {counters: [{name: c, help: h}]}\ntracer: {}\n"),
                Arguments.of("no metrics", "metrics: {counters: []}\n"),
                Arguments.of("unknown counter key", counter.formatted("lables: []")),
                Arguments.of("name not an identifier", counter.formatted("max_entries: 1").replace("name: c", "name: a-b")),
                Arguments.of("blank help", counter.formatted("max_entries: 1").replace("help: h", "help: ' '")),
                Arguments.of("max_entries zero", counter.formatted("max_entries: 0")),
                Arguments.of("skip_zeros not a boolean", counter.formatted("skip_zeros: 1")),
                Arguments.of("flush_interval not a duration", counter.formatted("flush_interval: soon")),
                Arguments.of("label size zero", counter.formatted("max_entries: 1").replace("size: 4", "size: 0")),
                Arguments.of("label size quoted", counter.formatted("max_entries: 1").replace("size: 4", "size: '4'")),
                Arguments.of("reserved label name", counter.formatted("max_entries: 1").replace("name: id", "name: __id")),
                Arguments.of("no decoders", counter.formatted("max_entries: 1").replace("[{name: uint}]", "[]")),
                Arguments.of("static_map without map", counter.formatted("max_entries: 1").replace("{name: uint}", "{name: static_map}")),
                Arguments.of("histogram without labels", histogram.formatted("bucket_type: exp2, bucket_max: 3")
                        .replace("labels: [" + LABEL + "]", "labels: []")),
                Arguments.of("unknown bucket_type", histogram.formatted("bucket_type: log2, bucket_max: 3")),
                Arguments.of("exp2 without bucket_max", histogram.formatted("bucket_type: exp2")),
                Arguments.of("exp2 beyond u64", histogram.formatted("bucket_type: exp2, bucket_max: 65")),
                Arguments.of("exp2zero beyond u64", histogram.formatted("bucket_type: exp2zero, bucket_max: 66")),
                Arguments.of("negative bucket_min", histogram.formatted("bucket_type: linear, bucket_min: -1, bucket_max: 3")),
                Arguments.of("zero multiplier", histogram.formatted("bucket_type: linear, bucket_max: 3, bucket_multiplier: 0")),
                Arguments.of("fixed without keys", histogram.formatted("bucket_type: fixed")),
                Arguments.of("fixed with bucket_max", histogram.formatted("bucket_type: fixed, bucket_keys: [1], bucket_max: 3")),
                Arguments.of("fractional key", histogram.formatted("bucket_type: fixed, bucket_keys: [1.5]")),
                Arguments.of("exp2 with keys", histogram.formatted("bucket_type: exp2, bucket_max: 3, bucket_keys: [1]")),
                Arguments.of("zero max_series", counter.formatted("max_series: 0")),
                Arguments.of("idle_timeout not a duration", histogram.formatted("bucket_type: exp2, bucket_max: 3, idle_timeout: soon")),
                Arguments.of("idle_timeout on a map with values", counter.formatted(
                        "idle_timeout: 1m, values: [{name: a, help: a}]").replace("help: h, ", "")),
                Arguments.of("idle_timeout on a perf_event_array counter", counter.formatted(
                        "perf_event_array: true, idle_timeout: 1m")),
                Arguments.of("zero value_multiplier", counter.formatted("value_multiplier: 0")),
                Arguments.of("flush_interval without perf_event_array", counter.formatted("flush_interval: 1m")),
                Arguments.of("values on a perf_event_array counter", counter.formatted(
                        "perf_event_array: true, values: [{name: a, help: a}]").replace("help: h, ", "")),
                Arguments.of("values beside help", counter.formatted("values: [{name: a, help: a}]")),
                Arguments.of("empty values", counter.formatted("values: []").replace("help: h, ", "")),
                Arguments.of("value without help", counter.formatted("values: [{name: a}]").replace("help: h, ", "")),
                Arguments.of("gauge without help", "metrics:\n  gauges:\n    - {name: g}\n"),
                Arguments.of("regexp decoder without regexps",
                        counter.formatted("max_entries: 1").replace("{name: uint}", "{name: regexp}")),
                Arguments.of("kaddrs not a symbol", counter.formatted("max_entries: 1") + "kaddrs: [a-b]\n"),
                Arguments.of("unknown cgroup_id_map type",
                        counter.formatted("max_entries: 1") + "cgroup_id_map: {name: m, type: array, regexps: [x]}\n"),
                Arguments.of("cgroup_id_map without regexps",
                        counter.formatted("max_entries: 1") + "cgroup_id_map: {name: m, type: hash}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void invalidConfigsFailTheSchemaAndTheParser(String description, String yaml) throws Exception {
        assertThat(schemaErrors(yaml)).isNotEmpty();
        assertThatThrownBy(() -> PARSER.parse("t", "t.yaml", yaml)).isInstanceOf(ConfigException.class);
    }
}
