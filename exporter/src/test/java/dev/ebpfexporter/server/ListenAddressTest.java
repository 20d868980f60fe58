package dev.ebpfexporter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ListenAddressTest {
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(":9435", "", 9435, ":9435"),
                Arguments.of("127.0.0.1:1", "127.0.0.1", 1, "127.0.0.1:1"),
                Arguments.of("localhost:65535", "localhost", 65535, "localhost:65535"),
                Arguments.of("[::1]:9435", "::1", 9435, "[::1]:9435"),
                Arguments.of("[::]:80", "::", 80, "[::]:80"),
                Arguments.of(":09435", "", 9435, ":9435"));
    }

    @ParameterizedTest
    @MethodSource
    void valid(String text, String host, int port, String shown) {
        ListenAddress address = ListenAddress.parse(text);

        assertThat(address).isEqualTo(new ListenAddress(host, port));
        assertThat(address.toString()).isEqualTo(shown);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("9435", "'9435': no port; write :PORT, HOST:PORT or [V6]:PORT"),
                Arguments.of("", "'': no port; write :PORT, HOST:PORT or [V6]:PORT"),
                Arguments.of("x:99999", "'x:99999': port must be 1..65535"),
                Arguments.of(":0", "':0': port must be 1..65535"),
                Arguments.of(":123456", "':123456': port must be a number 1..65535"),
                Arguments.of("x:", "'x:': port must be a number 1..65535"),
                Arguments.of("x:http", "'x:http': port must be a number 1..65535"),
                Arguments.of(":-1", "':-1': port must be a number 1..65535"),
                Arguments.of(":+80", "':+80': port must be a number 1..65535"),
                Arguments.of("::1:9435", "'::1:9435': an IPv6 host goes between brackets, like [::1]:9435"),
                Arguments.of("[::1:9435", "'[::1:9435': an IPv6 host goes between brackets, like [::1]:9435"),
                Arguments.of("::1]:9435", "'::1]:9435': an IPv6 host goes between brackets, like [::1]:9435"),
                Arguments.of("[]:9435", "'[]:9435': an IPv6 host goes between brackets, like [::1]:9435"));
    }

    @ParameterizedTest
    @MethodSource
    void invalid(String text, String message) {
        assertThatThrownBy(() -> ListenAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @MethodSource("outOfRange")
    void recordChecksThePortRange(int port) {
        assertThatThrownBy(() -> new ListenAddress("", port))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be 0..65535, got " + port);
    }

    static Stream<Integer> outOfRange() {
        return Stream.of(-1, 65536);
    }
}
