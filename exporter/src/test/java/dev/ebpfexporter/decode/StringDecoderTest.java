package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.bytes;
import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StringDecoderTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty", bytes(), bytes()),
                Arguments.of("no NUL: all bytes", bytes('b', 'a', 's', 'h'), bytes('b', 'a', 's', 'h')),
                Arguments.of("NUL padded comm", bytes('s', 'h', 0, 0, 0, 0), bytes('s', 'h')),
                Arguments.of("bytes after the first NUL are dropped", bytes('a', 0, 'b', 0), bytes('a')),
                Arguments.of("NUL first", bytes(0, 'x'), bytes()),
                Arguments.of("all NUL", bytes(0, 0, 0), bytes()),
                Arguments.of("UTF-8 kept", bytes(0xc3, 0xa9, 't', 0xc3, 0xa9, 0), bytes(0xc3, 0xa9, 't', 0xc3, 0xa9)),
                Arguments.of("invalid UTF-8 kept for later steps", bytes(0xff, 'a', 0), bytes(0xff, 'a')),
                Arguments.of("control characters kept", bytes('a', '\n', 0x1b, 0), bytes('a', '\n', 0x1b)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cutsAtFirstNul(String description, byte[] in, byte[] expected) {
        assertThat(new StringDecoder().decode(in, named("string"))).containsExactly(expected);
    }
}
