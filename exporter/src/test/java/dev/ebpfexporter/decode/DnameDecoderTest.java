package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.bytes;
import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Raw wire-format bytes → the label, as ebpf_exporter's dname decoder writes it (its own cases first). */
class DnameDecoderTest {
    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of(bytes(), "."),
                Arguments.of(ascii("\u0003com"), "com"),
                Arguments.of(ascii("\u0007example\u0003com"), "example.com"),
                Arguments.of(ascii("\u0005com"), "\u0005com"), // a label past the end: unchanged
                Arguments.of(ascii("\u0003www\u0007example\u0003com"), "www.example.com"),
                Arguments.of(ascii("\u0007example\u0003com\u0000"), "example.com."), // the root label: a trailing dot
                Arguments.of(ascii("\u0003com\u0000\u0000"), "com.."), // padding zeros: one dot each
                Arguments.of(bytes(0), ""), // the root name alone
                Arguments.of(ascii("\u0003a.b\u0001c"), "a.b.c")); // a dot inside a label is not escaped
    }

    @ParameterizedTest
    @MethodSource("names")
    void writesTheDottedName(byte[] in, String expected) {
        byte[] out = new DnameDecoder().decode(in, named("dname"));
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
    }

    private static byte[] ascii(String wire) {
        return wire.getBytes(StandardCharsets.ISO_8859_1);
    }
}
