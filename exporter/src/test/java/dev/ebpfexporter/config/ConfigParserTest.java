package dev.ebpfexporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.decode.Decoders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Configs in ebpf_exporter's v2 format that must load; the bad ones are in {@link ConfigParserErrorsTest}. */
class ConfigParserTest {
    static final ConfigParser PARSER = new ConfigParser(Set.of("hex", "regexp", "static_map", "string", "uint"));

    private static DecoderConfig decoder(String name) {
        return new DecoderConfig(name, Map.of(), false, List.of());
    }

    private static LabelConfig bucket() {
        return new LabelConfig("bucket", 8, 0, List.of(decoder("uint")));
    }

    @Test
    void shippedPageFaultsConfig() throws ConfigException {
        ConfigSource configs = new DirectoryConfigSource(Path.of("..", "configs"));

        ExporterConfig config = PARSER.parse(configs, "page-faults");

        String source = Path.of("..", "configs", "page-faults.yaml").toString();
        assertThat(config).isEqualTo(new ExporterConfig("page-faults", source,
                List.of(new CounterConfig("page_faults_total",
                        "Page faults by the mode the fault happened in (user, kernel) and the faulting task's comm",
                        List.of(new LabelConfig("kind", 4, 0, List.of(
                                        decoder("uint"),
                                        new DecoderConfig("static_map", Map.of("0", "user", "1", "kernel"), false, List.of()))),
                                new LabelConfig("comm", 16, 0, List.of(decoder("string")))),
                        OptionalInt.empty(), false,
                        new SeriesLimits(OptionalInt.empty(), Optional.of(Duration.ofMinutes(1))))),
                List.of(),
                List.of()));
    }

    @Test
    void exp2HistogramWithMultiplier() throws ConfigException {
        String yaml = """
                metrics:
                  histograms:
                    - name: block_io_latency_seconds
                      help: Block IO latency
                      bucket_type: exp2
                      bucket_min: 0
                      bucket_max: 27
                      bucket_multiplier: 0.000001 # microseconds to seconds
                      labels:
                        - name: device
                          size: 4
                          decoders:
                            - name: uint
                        - name: operation
                          size: 4
                          decoders:
                            - name: uint
                            - name: static_map
                              static_map:
                                0: read
                                1: write
                                3: discard
                        - name: bucket
                          size: 8
                          decoders:
                            - name: uint
                """;

        ExporterConfig config = PARSER.parse("bio", "configs/bio.yaml", yaml);

        assertThat(config.counters()).isEmpty();
        assertThat(config.unsupported()).isEmpty();
        assertThat(config.histograms()).containsExactly(new HistogramConfig(
                "block_io_latency_seconds", "Block IO latency", new HistogramBuckets.SlotRange(BucketType.EXP2, 0, 27),
                0.000001,
                List.of(new LabelConfig("device", 4, 0, List.of(decoder("uint"))),
                        new LabelConfig("operation", 4, 0, List.of(decoder("uint"), new DecoderConfig(
                                "static_map", Map.of("0", "read", "1", "write", "3", "discard"), false, List.of()))),
                        bucket()),
                OptionalInt.empty()));
        assertThat(config.metrics()).containsExactlyElementsOf(config.histograms());
        assertThat(config.metrics().get(0).keySize()).isEqualTo(16);
    }

    /** Every key the format has, including the ebpf_exporter features we accept but do not implement. */
    @Test
    void everyKeyOfTheFormat() throws ConfigException {
        String yaml = """
                kaddrs:
                  - bpf_prog_fops
                metrics:
                  counters:
                    - name: oom_kills_total
                      help: OOM kills by cgroup
                      perf_event_array: true
                      flush_interval: 1m
                      labels:
                        - name: cgroup
                          size: 8
                          decoders:
                            - name: uint
                    - name: syscalls_total
                      help: Syscalls by id
                      perf_event_array: false
                      max_entries: 1024
                      skip_zeros: true
                      labels:
                        - name: id
                          size: 1
                          padding: 7
                          decoders:
                            - name: uint
                            - name: static_map
                              allow_unknown: yes
                              static_map:
                                0: read
                                "1": write
                        - name: comm
                          size: 16
                          decoders:
                            - name: string
                            - name: regexp
                              regexps:
                                - ^(kworker)
                                - ^systemd$
                  histograms:
                    - name: syn_backlog
                      help: SYN backlog size
                      bucket_type: exp2zero
                      bucket_max: 17
                      max_entries: 64
                      labels: [{name: bucket, size: 8, decoders: [{name: uint}]}]
                    - name: window_clamps
                      help: TCP window clamps
                      bucket_type: linear
                      bucket_min: 1
                      bucket_max: 10
                      bucket_multiplier: 100
                      labels:
                        - name: bucket
                          size: 8
                          decoders:
                            - name: uint
                    - name: request_sizes_bytes
                      help: Request sizes
                      bucket_type: fixed
                      bucket_keys: [1, 10, 100, 1_000]
                      labels:
                        - name: trace_id
                          size: 8
                          decoders:
                            - name: hex
                        - name: bucket
                          size: 8
                          decoders:
                            - name: uint
                tracing:
                  spans:
                    - name: exec
                      ringbuf: exec_spans
                      service: exec-trace
                cgroup_id_map:
                  name: cgroup_id_map
                  type: hash
                  regexps:
                    - ^.*(system.slice/.*)$
                """;

        ExporterConfig config = PARSER.parse("all", "all.yaml", yaml);

        assertThat(config.counters()).containsExactly(
                new CounterConfig("oom_kills_total", "OOM kills by cgroup",
                        List.of(new LabelConfig("cgroup", 8, 0, List.of(decoder("uint")))), OptionalInt.empty(), false,
                        true, Optional.of(Duration.ofMinutes(1)), ValueField.whole("oom_kills_total")),
                new CounterConfig("syscalls_total", "Syscalls by id",
                        List.of(new LabelConfig("id", 1, 7, List.of(decoder("uint"),
                                        new DecoderConfig("static_map", Map.of("0", "read", "1", "write"), true, List.of()))),
                                new LabelConfig("comm", 16, 0, List.of(decoder("string"),
                                        new DecoderConfig("regexp", Map.of(), false, List.of("^(kworker)", "^systemd$"))))),
                        OptionalInt.of(1024), true, SeriesLimits.NONE));
        assertThat(config.histograms()).containsExactly(
                new HistogramConfig("syn_backlog", "SYN backlog size",
                        new HistogramBuckets.SlotRange(BucketType.EXP2ZERO, 0, 17), 1, List.of(bucket()), OptionalInt.of(64)),
                new HistogramConfig("window_clamps", "TCP window clamps",
                        new HistogramBuckets.SlotRange(BucketType.LINEAR, 1, 10), 100, List.of(bucket()), OptionalInt.empty()),
                new HistogramConfig("request_sizes_bytes", "Request sizes",
                        new HistogramBuckets.FixedKeys(List.of(1L, 10L, 100L, 1000L)), 1,
                        List.of(new LabelConfig("trace_id", 8, 0, List.of(decoder("hex"))), bucket()),
                        OptionalInt.empty()));
        assertThat(config.counters().get(1).keySize()).isEqualTo(24);
        assertThat(config.kaddrs()).containsExactly("bpf_prog_fops");
        assertThat(config.cgroupIdMap()).contains(
                new CgroupIdMapConfig("cgroup_id_map", CgroupIdMapType.HASH, List.of("^.*(system.slice/.*)$")));
        assertThat(config.unsupported()).containsExactly(
                "all.yaml:69:1: tracing is ignored: this exporter does not export ebpf_exporter's spans; the config's"
                        + " metrics run without them");
    }

    /** ebpf_exporter reads such a counter's map at the single key u32 0. */
    @Test
    void counterWithoutLabels() throws ConfigException {
        String yaml = """
                metrics:
                  counters:
                    - name: bpf_jit_pages_currently_allocated
                      help: Pages allocated for the BPF JIT
                kaddrs:
                  - bpf_jit_current
                """;

        ExporterConfig config = PARSER.parse("bpf-jit", "bpf-jit.yaml", yaml);

        assertThat(config.counters()).containsExactly(new CounterConfig(
                "bpf_jit_pages_currently_allocated", "Pages allocated for the BPF JIT", List.of(), OptionalInt.empty()));
        assertThat(config.counters().get(0).keySize()).isEqualTo(4);
        assertThat(config.kaddrs()).containsExactly("bpf_jit_current");
        assertThat(config.unsupported()).isEmpty();
    }

    @Test
    void seriesLimitsOnCountersAndHistograms() throws ConfigException {
        String yaml = """
                metrics:
                  counters:
                    - name: faults_total
                      help: Faults by comm
                      max_series: 500
                      idle_timeout: 1m30s
                      labels:
                        - name: comm
                          size: 16
                          decoders:
                            - name: string
                  histograms:
                    - name: stall_seconds
                      help: Stalls by comm
                      idle_timeout: 10m
                      bucket_type: exp2
                      bucket_min: 0
                      bucket_max: 3
                      labels:
                        - name: comm
                          size: 16
                          decoders:
                            - name: string
                        - name: bucket
                          size: 8
                          decoders:
                            - name: uint
                """;

        ExporterConfig config = PARSER.parse("limits", "limits.yaml", yaml);

        assertThat(config.counters().get(0).seriesLimits())
                .isEqualTo(new SeriesLimits(OptionalInt.of(500), Optional.of(Duration.ofSeconds(90))));
        assertThat(config.histograms().get(0).seriesLimits())
                .isEqualTo(new SeriesLimits(OptionalInt.empty(), Optional.of(Duration.ofMinutes(10))));
    }

    @Test
    void yamlScalarForms() throws ConfigException {
        String yaml = """
                # comments and a document start marker are fine
                ---
                metrics:
                  counters:
                    - name: c
                      help: 'yes'
                      max_entries: 0x100
                      labels:
                        - name: l
                          size: 1_6
                          decoders:
                            - name: string
                """;

        CounterConfig counter = PARSER.parse("forms", "forms.yaml", yaml).counters().get(0);

        assertThat(counter).isEqualTo(new CounterConfig("c", "yes",
                List.of(new LabelConfig("l", 16, 0, List.of(decoder("string")))), OptionalInt.of(256)));
    }

    /** Anchors may hold aliases themselves; every alias reads as what its anchor holds, written out. */
    @Test
    void anchorsAndAliasesInsideAnchors() throws ConfigException {
        String yaml = """
                metrics:
                  counters:
                    - name: a
                      help: h
                      labels: &labels
                        - &comm {name: comm, size: 16, decoders: [{name: string}]}
                        - name: id
                          size: 4
                          decoders: &uint [{name: uint}]
                    - name: b
                      help: h
                      labels: *labels
                    - name: c
                      help: h
                      labels: [*comm, {name: cpu, size: 4, decoders: *uint}]
                """;

        List<CounterConfig> counters = PARSER.parse("aliases", "aliases.yaml", yaml).counters();

        LabelConfig comm = new LabelConfig("comm", 16, 0, List.of(decoder("string")));
        assertThat(counters.get(0).labels()).containsExactly(comm, new LabelConfig("id", 4, 0, List.of(decoder("uint"))));
        assertThat(counters.get(1).labels()).isEqualTo(counters.get(0).labels());
        assertThat(counters.get(2).labels()).containsExactly(comm, new LabelConfig("cpu", 4, 0, List.of(decoder("uint"))));
    }

    @Test
    void shippedConfigWithAnchorsReadsAsWrittenOut() throws ConfigException {
        ExporterConfig config = new ConfigParser(Decoders.standard().names())
                .parse(new DirectoryConfigSource(Path.of("..", "configs")), "biolatency");

        assertThat(config.histograms()).hasSize(2);
        for (HistogramConfig histogram : config.histograms()) {
            assertThat(histogram.labels()).extracting(LabelConfig::name).containsExactly("device", "operation", "bucket");
        }
    }

    /** YAML 1.1's yes/no read as the words in a string field and as booleans in a boolean one. */
    @Test
    void yesAndNoAreWordsInStaticMapsAndBooleansInFlags() throws ConfigException {
        String yaml = """
                metrics:
                  counters:
                    - name: c
                      help: h
                      skip_zeros: yes
                      labels:
                        - name: granted
                          size: 4
                          decoders:
                            - name: uint
                            - name: static_map
                              allow_unknown: off
                              static_map: {0: no, 1: yes}
                """;

        CounterConfig counter = PARSER.parse("words", "words.yaml", yaml).counters().get(0);

        assertThat(counter.skipZeros()).isTrue();
        assertThat(counter.labels().get(0).decoders().get(1))
                .isEqualTo(new DecoderConfig("static_map", Map.of("0", "no", "1", "yes"), false, List.of()));
    }
}
