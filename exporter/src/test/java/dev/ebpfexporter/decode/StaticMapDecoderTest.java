package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.staticMap;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StaticMapDecoderTest {
    private static final Map<String, String> MODES = Map.of("0", "user", "1", "kernel", "2", "größe");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("0", false, "user"),
                Arguments.of("1", false, "kernel"),
                Arguments.of("2", false, "größe"),
                Arguments.of("1", true, "kernel"),
                Arguments.of("3", false, "unknown:3"),
                Arguments.of("3", true, "3"),
                Arguments.of("", false, "unknown:"),
                Arguments.of("", true, ""),
                Arguments.of("01", false, "unknown:01"), // keys are compared as text
                Arguments.of("user", false, "unknown:user")); // values are not keys
    }

    @ParameterizedTest(name = "{0} allow_unknown={1} -> {2}")
    @MethodSource("cases")
    void mapsOrMarksUnknown(String in, boolean allowUnknown, String expected) {
        byte[] out = new StaticMapDecoder()
                .decode(in.getBytes(StandardCharsets.UTF_8), staticMap(MODES, allowUnknown));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
