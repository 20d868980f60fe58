package dev.ebpfexporter.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AcceptEncodingTest {
    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of(null, false),
                Arguments.of("", false),
                Arguments.of("gzip", true), // Prometheus sends exactly this
                Arguments.of("GZip", true),
                Arguments.of("deflate, gzip", true),
                Arguments.of("br;q=1.0, gzip;q=0.8, *;q=0.1", true),
                Arguments.of("gzip;q=0.001", true),
                Arguments.of("gzip;q=0", false),
                Arguments.of("gzip; q=0.000", false),
                Arguments.of("identity", false),
                Arguments.of("*", false), // allowed by the RFC to answer uncompressed
                Arguments.of("x-gzip", false),
                Arguments.of("gzipped", false));
    }

    @ParameterizedTest
    @MethodSource("headers")
    void allowsGzip(String header, boolean expected) {
        assertThat(AcceptEncoding.allowsGzip(header)).isEqualTo(expected);
    }
}
