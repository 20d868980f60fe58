package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.bytes;
import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UintDecoderTest {
    static Stream<Arguments> littleEndian() {
        return Stream.of(
                Arguments.of(bytes(0x00), "0"),
                Arguments.of(bytes(0x07), "7"),
                Arguments.of(bytes(0xff), "255"),
                Arguments.of(bytes(0x00, 0x00), "0"),
                Arguments.of(bytes(0x34, 0x12), "4660"), // 0x1234
                Arguments.of(bytes(0x00, 0x01), "256"),
                Arguments.of(bytes(0xff, 0xff), "65535"),
                Arguments.of(bytes(0x01, 0x00, 0x00, 0x00), "1"),
                Arguments.of(bytes(0x78, 0x56, 0x34, 0x12), "305419896"), // 0x12345678
                Arguments.of(bytes(0x00, 0x00, 0x00, 0x80), "2147483648"), // 2^31: no sign
                Arguments.of(bytes(0xff, 0xff, 0xff, 0xff), "4294967295"),
                Arguments.of(bytes(0, 0, 0, 0, 0, 0, 0, 0), "0"),
                Arguments.of(bytes(0x0a, 0, 0, 0, 0, 0, 0, 0), "10"),
                Arguments.of(bytes(0, 0, 0, 0, 0x01, 0, 0, 0), "4294967296"), // 2^32
                Arguments.of(bytes(0x01, 0, 0, 0, 0, 0, 0, 0x80), "9223372036854775809"), // 2^63 + 1
                Arguments.of(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), "18446744073709551615"));
    }

    @ParameterizedTest
    @MethodSource
    void littleEndian(byte[] in, String expected) throws DecodeException {
        byte[] out = new UintDecoder(ByteOrder.LITTLE_ENDIAN).decode(in, named("uint"));
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(expected);
    }

    static Stream<Arguments> bigEndian() {
        return Stream.of(
                Arguments.of(bytes(0xfe), "254"),
                Arguments.of(bytes(0x12, 0x34), "4660"),
                Arguments.of(bytes(0x00, 0x00, 0x01, 0x00), "256"),
                Arguments.of(bytes(0x80, 0, 0, 0, 0, 0, 0, 0x01), "9223372036854775809"));
    }

    @ParameterizedTest
    @MethodSource
    void bigEndian(byte[] in, String expected) throws DecodeException {
        byte[] out = new UintDecoder(ByteOrder.BIG_ENDIAN).decode(in, named("uint"));
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5, 6, 7, 9, 16})
    void rejectsOtherSizes(int size) {
        assertThatThrownBy(() -> new UintDecoder(ByteOrder.LITTLE_ENDIAN).decode(new byte[size], named("uint")))
                .isInstanceOf(DecodeException.class)
                .hasMessage("uint needs 1, 2, 4 or 8 bytes, got " + size);
    }
}
