package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Input: the text uint made of the key; expected: ebpf_exporter's label (its own test cases first). */
class ErrnoDecoderTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, unknown:0", // no error has number 0
        "1, EPERM",
        "32, EPIPE",
        "104, ECONNRESET",
        "1000, unknown:1000",
        "2, ENOENT",
        "11, EAGAIN", // not its alias EWOULDBLOCK
        "13, EACCES",
        "35, EDEADLK", // not EDEADLOCK
        "41, unknown:41", // a gap in the numbering
        "58, unknown:58",
        "95, ENOTSUP", // Go's x/sys name; the kernel header calls it EOPNOTSUPP
        "110, ETIMEDOUT",
        "133, EHWPOISON", // the highest
        "134, unknown:134",
        "18446744073709551615, unknown:18446744073709551615", // u64 max, unsigned
    })
    void namesTheErrno(String in, String expected) throws DecodeException {
        byte[] out = new ErrnoDecoder().decode(in.getBytes(StandardCharsets.US_ASCII), named("errno"));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-13", "+13", "EACCES", "13 ", "18446744073709551616"})
    void rejectsTextThatIsNoUnsignedDecimal(String in) {
        assertThatThrownBy(() -> new ErrnoDecoder().decode(in.getBytes(StandardCharsets.US_ASCII), named("errno")))
                .isInstanceOf(DecodeException.class)
                .hasMessage("errno needs an errno as a decimal number (decode with uint first), got \"" + in + "\"");
    }
}
