package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.bytes;
import static dev.ebpfexporter.decode.DecoderTesting.named;
import static dev.ebpfexporter.decode.DecoderTesting.staticMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.config.HistogramBuckets;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArrayHistogramKeyDecoderTest {
    private static final LabelConfig KIND = new LabelConfig("kind", 4, 0,
            List.of(named("uint"), staticMap(Map.of("0", "hi", "3", "net_rx"), false)));
    private static final LabelConfig BUCKET = new LabelConfig("bucket", 4, 0, List.of(named("uint")));
    /** configs/softirq-latency.yaml: 33 slots per kind (0 … 31, then the sum at 32). */
    private static final HistogramConfig SOFTIRQ = histogram(BucketType.EXP2, 31, List.of(KIND, BUCKET));

    @BeforeAll
    static void keysInTheseTestsAreLittleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void anIndexIsTheLabelValueTimesSlotsPlusTheSlot() throws DecodeException {
        KeyDecoder decoder = arrayDecoder(SOFTIRQ);

        assertThat(decoder.decode(index(0))).containsExactly("hi", "0");
        assertThat(decoder.decode(index(32))).containsExactly("hi", "32");
        assertThat(decoder.decode(index(33))).containsExactly("unknown:1", "0");
        assertThat(decoder.decode(index(3 * 33 + 10))).containsExactly("net_rx", "10");
        assertThat(decoder.decode(index(3 * 33 + 32))).containsExactly("net_rx", "32");
    }

    @Test
    void rebuildsTheKeyInTheLabelsSizesAndPaddings() throws DecodeException {
        LabelConfig cpu = new LabelConfig("cpu", 1, 3, List.of(named("uint")));
        LabelConfig bucket = new LabelConfig("bucket", 8, 0, List.of(named("uint")));
        KeyDecoder decoder = arrayDecoder(histogram(BucketType.LINEAR, 9, List.of(cpu, bucket)));

        assertThat(decoder.decode(index(5 * 11 + 7))).containsExactly("5", "7");
        assertThat(decoder.decode(index(255 * 11 + 10))).containsExactly("255", "10");
    }

    @Test
    void aValueTooLargeForItsLabelIsADecodeError() {
        LabelConfig cpu = new LabelConfig("cpu", 1, 0, List.of(named("uint")));
        KeyDecoder decoder = arrayDecoder(histogram(BucketType.EXP2, 31, List.of(cpu, BUCKET)));

        assertThatThrownBy(() -> decoder.decode(index(256 * 33))).isInstanceOf(DecodeException.class)
                .hasMessage("256 does not fit the label's 1 bytes");
    }

    @Test
    void labelsThatCoverTheKeyKeepTheirLayout() throws DecodeException {
        // configs/run-queue-latency.yaml: the bucket alone, in an array indexed by slot.
        HistogramConfig bucketOnly = histogram(BucketType.EXP2, 32, List.of(BUCKET));

        assertThat(KeyDecoders.forMap(bucketOnly, 4, true).orElseThrow().decode(index(33))).containsExactly("33");
        assertThat(KeyDecoders.forMap(SOFTIRQ, 8, false).orElseThrow().decode(bytes(3, 0, 0, 0, 9, 0, 0, 0)))
                .containsExactly("net_rx", "9");
    }

    @Test
    void nothingFitsOtherwise() {
        CounterConfig counter = new CounterConfig("c", "help", List.of(KIND, BUCKET), OptionalInt.empty());
        LabelConfig comm = new LabelConfig("comm", 16, 0, List.of(named("string")));

        assertThat(KeyDecoders.forMap(SOFTIRQ, 4, false)).as("a hash keyed by u32").isEmpty();
        assertThat(KeyDecoders.forMap(SOFTIRQ, 16, true)).as("a key larger than an index").isEmpty();
        assertThat(KeyDecoders.forMap(counter, 4, true)).as("a counter").isEmpty();
        assertThat(KeyDecoders.forMap(histogram(BucketType.FIXED, 31, List.of(KIND, BUCKET)), 4, true))
                .as("fixed buckets").isEmpty();
        assertThat(KeyDecoders.forMap(histogram(BucketType.EXP2, 31, List.of(comm, BUCKET)), 4, true))
                .as("a label that is no number").isEmpty();
        assertThat(KeyDecoders.forMap(histogram(BucketType.EXP2, 31, List.of(KIND, new LabelConfig("kind2", 4, 0, List.of(named("uint"))), BUCKET)), 4, true))
                .as("two labels besides the bucket").isEmpty();
    }

    @Test
    void keysThatAreNoIndexAreDecodeErrors() {
        assertThatThrownBy(() -> arrayDecoder(SOFTIRQ).decode(bytes(1, 2, 3))).isInstanceOf(DecodeException.class)
                .hasMessage("an array index has 4 bytes, got 3");
    }

    private static KeyDecoder arrayDecoder(HistogramConfig histogram) {
        return KeyDecoders.forMap(histogram, 4, true).orElseThrow();
    }

    /** Slots 0 … bucketMax; for fixed buckets, the single key bucketMax. */
    private static HistogramConfig histogram(BucketType type, int bucketMax, List<LabelConfig> labels) {
        HistogramBuckets buckets = type == BucketType.FIXED
                ? new HistogramBuckets.FixedKeys(List.of((long) bucketMax))
                : new HistogramBuckets.SlotRange(type, 0, bucketMax);
        return new HistogramConfig("h", "help", buckets, 1, labels, OptionalInt.empty());
    }

    private static byte[] index(int i) {
        return bytes(i, i >>> 8, i >>> 16, i >>> 24);
    }
}
