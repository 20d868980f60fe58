package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Raw key bytes (network order, as hex) → the label, as Go's net.IP.String writes it. */
class InetIpDecoderTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "01020304, 1.2.3.4", // ebpf_exporter's own cases
        "2400cb0000041024 00000000a29efd8f, 2400:cb00:4:1024::a29e:fd8f",
        "7f000001, 127.0.0.1",
        "00000000, 0.0.0.0",
        "ffffffff, 255.255.255.255",
        "00000000000000000000000000000000, ::",
        "00000000000000000000000000000001, ::1",
        "fe800000000000000000000000000001, fe80::1",
        "20010db8000000000000000000000000, 2001:db8::",
        "20010db8000000010000000000000001, 2001:db8:0:1::1", // a single zero group stays 0
        "20010db8000000000001000000000001, 2001:db8::1:0:0:1", // two runs of two: the first is ::
        "20010db8000100000000000000000001, 2001:db8:1::1", // the longest run wins
        "20010db8000000010001000100010001, 2001:db8:0:1:1:1:1:1",
        "20010DB8ABCDEF010203040506070809, 2001:db8:abcd:ef01:203:405:607:809", // lowercase, no leading zeros
        "00000000000000000000ffffc0a80001, 192.168.0.1", // IPv4-mapped: dotted, as Go writes it
        "0000000000000000000000000a000001, ::a00:1", // IPv4-compatible (deprecated): plain IPv6
        "0102030405, ?0102030405", // neither size
        "'', <nil>",
    })
    void writesTheAddress(String hex, String expected) {
        byte[] in = HexFormat.of().parseHex(hex.replace(" ", ""));
        byte[] out = new InetIpDecoder().decode(in, named("inet_ip"));
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(expected);
    }
}
