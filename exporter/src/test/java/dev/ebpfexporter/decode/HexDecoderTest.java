package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.bytes;
import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HexDecoderTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(bytes(), ""),
                Arguments.of(bytes(0x00), "00"),
                Arguments.of(bytes(0x0f, 0xf0), "0ff0"),
                Arguments.of(bytes(0x7f, 0x80), "7f80"),
                Arguments.of(bytes(0xde, 0xad, 0xbe, 0xef), "deadbeef"),
                Arguments.of(bytes(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef), "0123456789abcdef"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lowercaseHexInKeyOrder(byte[] in, String expected) {
        byte[] out = new HexDecoder().decode(in, named("hex"));
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(expected);
    }
}
