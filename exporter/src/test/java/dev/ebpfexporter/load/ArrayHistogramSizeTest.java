package dev.ebpfexporter.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.HistogramBuckets;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ArrayHistogramSizeTest {
    private static final DecoderConfig UINT = new DecoderConfig("uint", Map.of(), false, List.of());
    private static final LabelConfig BUCKET = new LabelConfig("bucket", 4, 0, List.of(UINT));

    @Test
    void anArrayIndexedBySlotHasBucketMaxPlusTwoEntries() {
        HistogramConfig exp2 = histogram(BucketType.EXP2, 32, List.of(), List.of(BUCKET));
        assertThat(ArrayHistogramSize.mismatch(exp2, 34, true)).isEmpty();
        assertThat(ArrayHistogramSize.mismatch(exp2, 33, true)).get().asString()
                .contains("33 entries", "34 slots (0 … 32, then the sum in slot 33)", "(31 for 33 entries)");
        assertThat(ArrayHistogramSize.mismatch(exp2, 35, true)).isPresent();
    }

    @Test
    void fixedBucketsNeedTheLastKeyPlusTwo() {
        HistogramConfig fixed = histogram(BucketType.FIXED, 0, List.of(1L, 5L, 10L), List.of(BUCKET));
        assertThat(ArrayHistogramSize.mismatch(fixed, 12, true)).isEmpty();
        assertThat(ArrayHistogramSize.mismatch(fixed, 11, true)).get().asString()
                .contains("the last of bucket_keys makes 12 slots");
    }

    @Test
    void aLabelledArrayIsLabelValuesTimesSlots() {
        LabelConfig vector = new LabelConfig("vector", 4, 0, List.of(UINT));
        HistogramConfig byVector = histogram(BucketType.EXP2, 31, List.of(), List.of(vector, BUCKET));
        assertThat(ArrayHistogramSize.mismatch(byVector, 10 * 33, false)).isEmpty();
        assertThat(ArrayHistogramSize.mismatch(byVector, 10 * 34, false)).get().asString()
                .contains("340 entries, which is not label values × 33");
    }

    /** softirq-latency's layout: a static_map of 10 vectors, 33 slots each. */
    @Test
    void anEnumeratedLabelFixesTheNumberOfValues() {
        DecoderConfig names = new DecoderConfig("static_map", Map.of("0", "hi", "9", "rcu"), false, List.of());
        LabelConfig kind = new LabelConfig("kind", 4, 0, List.of(UINT, names));
        HistogramConfig byKind = histogram(BucketType.EXP2, 31, List.of(), List.of(kind, BUCKET));
        assertThat(ArrayHistogramSize.mismatch(byKind, 330, false)).isEmpty();
        assertThat(ArrayHistogramSize.mismatch(byKind, 660, false)).get().asString()
                .contains("label kind has 10 values", "10 × 33 = 330 entries");

        DecoderConfig open = new DecoderConfig("static_map", Map.of("0", "hi"), true, List.of());
        LabelConfig anyKind = new LabelConfig("kind", 4, 0, List.of(UINT, open));
        assertThat(ArrayHistogramSize.mismatch(histogram(BucketType.EXP2, 31, List.of(), List.of(anyKind, BUCKET)),
                660, false)).as("allow_unknown: any multiple").isEmpty();
    }

    private static HistogramConfig histogram(BucketType type, int bucketMax, List<Long> keys,
            List<LabelConfig> labels) {
        HistogramBuckets buckets = type == BucketType.FIXED
                ? new HistogramBuckets.FixedKeys(keys) : new HistogramBuckets.SlotRange(type, 0, bucketMax);
        return new HistogramConfig("h", "help", buckets, 1, labels, OptionalInt.empty());
    }
}
