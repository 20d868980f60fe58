package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.bytes;
import static dev.ebpfexporter.decode.DecoderTesting.named;
import static dev.ebpfexporter.decode.DecoderTesting.staticMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ebpfexporter.config.LabelConfig;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelKeyDecoderTest {
    /** configs/page-faults.yaml: struct { u32 kind; char comm[16]; }. */
    private static final List<LabelConfig> PAGE_FAULTS = List.of(
            new LabelConfig("kind", 4, 0, List.of(named("uint"), staticMap(Map.of("0", "user", "1", "kernel"), false))),
            new LabelConfig("comm", 16, 0, List.of(named("string"))));

    /** struct { u8 op; u8 pad[3]; u32 cpu; u64 bucket; } with an 8-byte hex id in front. */
    private static final List<LabelConfig> PADDED = List.of(
            new LabelConfig("id", 8, 0, List.of(named("hex"))),
            new LabelConfig("op", 1, 3, List.of(named("uint"))),
            new LabelConfig("cpu", 4, 0, List.of(named("uint"))),
            new LabelConfig("bucket", 8, 0, List.of(named("uint"))));

    @BeforeAll
    static void keysInTheseTablesAreLittleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
    }

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of(PAGE_FAULTS,
                        bytes(0, 0, 0, 0, 'b', 'a', 's', 'h', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                        List.of("user", "bash")),
                Arguments.of(PAGE_FAULTS,
                        bytes(1, 0, 0, 0, 'k', 'w', 'o', 'r', 'k', 'e', 'r', '/', '0', ':', '1', 'H', 0, 0, 0, 0),
                        List.of("kernel", "kworker/0:1H")),
                Arguments.of(PAGE_FAULTS, // comm fills all 16 bytes: no NUL
                        bytes(1, 0, 0, 0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p'),
                        List.of("kernel", "abcdefghijklmnop")),
                Arguments.of(PAGE_FAULTS, // an unmapped kind is still counted, as in ebpf_exporter
                        bytes(7, 1, 0, 0, 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                        List.of("unknown:263", "x")),
                Arguments.of(PAGE_FAULTS, // invalid UTF-8 becomes U+FFFD in the label value
                        bytes(0, 0, 0, 0, 'a', 0xff, 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                        List.of("user", "a\uFFFDb")),
                Arguments.of(PADDED,
                        bytes(0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1, // id
                                5, 0xaa, 0xbb, 0xcc, // op + padding that must be skipped
                                3, 0, 0, 0, // cpu
                                27, 0, 0, 0, 0, 0, 0, 0), // bucket
                        List.of("deadbeef00000001", "5", "3", "27")));
    }

    @ParameterizedTest
    @MethodSource
    void keys(List<LabelConfig> labels, byte[] key, List<String> expected) throws DecodeException {
        assertThat(new LabelKeyDecoder(labels, Decoders.standard()).decode(key)).isEqualTo(expected);
    }

    @Test
    void withoutLabelsTheOnlyKeyIsZero() throws DecodeException {
        assertThat(KeyDecoders.forLabels(List.of()).decode(bytes(0, 0, 0, 0))).isEmpty();
        assertThatThrownBy(() -> KeyDecoders.forLabels(List.of()).decode(bytes(0, 1, 0, 0)))
                .isInstanceOf(DecodeException.class)
                .hasMessage("a metric without labels has only the key 0, got 00010000");
        assertThatThrownBy(() -> KeyDecoders.forLabels(List.of()).decode(new byte[8]))
                .isInstanceOf(DecodeException.class)
                .hasMessage("key has 8 bytes, but the labels cover 4");
    }

    @Test
    void leavesTheKeyUnchanged() throws DecodeException {
        byte[] key = bytes(1, 0, 0, 0, 'a', 0, 'z', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        byte[] copy = key.clone();
        KeyDecoders.forLabels(PAGE_FAULTS).decode(key);
        assertThat(key).isEqualTo(copy);
    }

    @Test
    void factoryUsesTheStandardDecoders() throws DecodeException {
        byte[] key = bytes(1, 0, 0, 0, 'c', 'a', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(KeyDecoders.forLabels(PAGE_FAULTS).decode(key)).containsExactly("kernel", "cat");
    }

    @ParameterizedTest
    @MethodSource
    void rejectsKeysOfAnotherSize(int size, String message) {
        assertThatThrownBy(() -> KeyDecoders.forLabels(PADDED).decode(new byte[size]))
                .isInstanceOf(DecodeException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> rejectsKeysOfAnotherSize() {
        return Stream.of(
                Arguments.of(0, "key has 0 bytes, but the labels cover 24"),
                Arguments.of(23, "key has 23 bytes, but the labels cover 24"),
                Arguments.of(25, "key has 25 bytes, but the labels cover 24"));
    }

    @Test
    void namesTheLabelAndDecoderThatFailed() {
        List<LabelConfig> labels = List.of(
                new LabelConfig("comm", 4, 0, List.of(named("string"))),
                new LabelConfig("port", 3, 0, List.of(named("uint"))));
        assertThatThrownBy(() -> KeyDecoders.forLabels(labels).decode(bytes('a', 0, 0, 0, 1, 2, 3)))
                .isInstanceOf(DecodeException.class)
                .hasMessage("label port, decoder uint: uint needs 1, 2, 4 or 8 bytes, got 3");
    }

    @Test
    void rejectsUnknownDecodersAtConstruction() {
        List<LabelConfig> labels = List.of(new LabelConfig("sym", 8, 0, List.of(named("no_such_decoder"))));
        assertThatThrownBy(() -> KeyDecoders.forLabels(labels))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown decoder \"no_such_decoder\" (known: cgroup, ");
    }
}
