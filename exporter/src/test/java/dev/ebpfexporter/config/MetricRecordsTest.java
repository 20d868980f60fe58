package dev.ebpfexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.config.HistogramBuckets.FixedKeys;
import dev.ebpfexporter.config.HistogramBuckets.SlotRange;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The records refuse impossible states however they are built, not only from YAML. */
class MetricRecordsTest {
    private static final DecoderConfig UINT = new DecoderConfig("uint", Map.of(), false, List.of());
    private static final SlotRange EXP2 = new SlotRange(BucketType.EXP2, 0, 3);

    private static LabelConfig label(String name) {
        return new LabelConfig(name, 4, 0, List.of(UINT));
    }

    private static void refuses(Executable build, String path, String problem) {
        assertThatThrownBy(build::execute).isInstanceOfSatisfying(InvalidField.class, e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.problem()).isEqualTo(problem);
        });
    }

    @Test
    void labels() {
        refuses(() -> new CounterConfig("c", "h", List.of(label("a"), label("a")), OptionalInt.empty()),
                "labels[1].name", "(\"a\") is already used by labels[0].name");
        refuses(() -> label("__reserved"), "name", "(\"__reserved\") must not start with __ (reserved by Prometheus)");
        refuses(() -> label("a-b"), "name",
                "(\"a-b\") must be a Prometheus label name: letters, digits and _, not starting with a digit");
        refuses(() -> new LabelConfig("raw", 8, 0, List.of()), "decoders",
                "must not be empty (the decoders turn the key bytes into the label value)");
    }

    @Test
    void histogramLabels() {
        refuses(() -> new HistogramConfig("h", "h", EXP2, 1, List.of(), OptionalInt.empty()),
                "labels", "must not be empty (the last label is the bucket slot)");
        refuses(() -> new HistogramConfig("h", "h", EXP2, 1, List.of(label("le"), label("bucket")), OptionalInt.empty()),
                "labels[0].name", "(\"le\") is reserved for histogram buckets");
        refuses(() -> new HistogramConfig("h", "h", EXP2, -2, List.of(label("bucket")), OptionalInt.empty()),
                "bucket_multiplier", "(-2) must be > 0");
    }

    @Test
    void slotRanges() {
        refuses(() -> new SlotRange(BucketType.LINEAR, 5, 4), "bucket_max", "(4) must be ≥ bucket_min (5)");
        refuses(() -> new SlotRange(BucketType.EXP2, -1, 4), "bucket_min", "(-1) must be ≥ 0");
        refuses(() -> new SlotRange(BucketType.EXP2, 0, 65), "bucket_max",
                "(65) must be ≤ 64 for exp2 histograms (slot 64 already holds the largest u64 values)");
        refuses(() -> new SlotRange(BucketType.FIXED, 0, 4), "bucket_type",
                "fixed lists its slots in bucket_keys, not a range");
    }

    @Test
    void fixedKeys() {
        refuses(() -> new FixedKeys(List.of()), "bucket_keys", "must not be empty");
        refuses(() -> new FixedKeys(List.of(10L, 5L)), "bucket_keys[1]",
                "(5) must be > bucket_keys[0] (10): keys must be ascending");
        refuses(() -> new FixedKeys(List.of(5L, 5L)), "bucket_keys[1]",
                "(5) must be > bucket_keys[0] (5): keys must be ascending");
        refuses(() -> new FixedKeys(List.of(-1L)), "bucket_keys[0]", "(-1) must be ≥ 0");
    }

    @Test
    void configs() {
        CounterConfig counter = new CounterConfig("c", "h", List.of(), OptionalInt.empty());
        refuses(() -> new ExporterConfig("x", "x.yaml", List.of(), List.of(), List.of()),
                "metrics", "declares no counters, gauges or histograms");
        CounterEntry entry = new CounterEntry("c", List.of(counter), false);
        refuses(() -> new MetricsConfig(List.of(entry, entry), List.of(), List.of()),
                "counters[1].name", "(\"c\") is already used by metrics.counters[0].name");
        refuses(() -> new CounterConfig("c", "h", List.of(), OptionalInt.of(0)), "max_entries", "(0) must be > 0");
    }
}
