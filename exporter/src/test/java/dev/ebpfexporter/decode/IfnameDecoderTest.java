package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.bytes;
import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ifname decoder over a temp folder standing in for /sys/class/net, with a clock the test moves. */
class IfnameDecoderTest {
    private static final Duration MIN_REREAD = Duration.ofSeconds(1);

    @TempDir
    Path net;

    private final AtomicLong now = new AtomicLong();

    @BeforeEach
    void interfaces() throws IOException {
        addInterface("lo", "1");
        addInterface("eth0", "2");
        addInterface("eth42", "2734686214"); // above 2^31: read unsigned
        Files.createDirectories(net.resolve("bonding_masters-like")); // no ifindex: not an interface
    }

    /** Raw little-endian key bytes → the label (ebpf_exporter's own cases first). */
    static Stream<Arguments> littleEndianKeys() {
        return Stream.of(
                Arguments.of(bytes(0x01, 0x00, 0x00, 0x00), "lo"),
                Arguments.of(bytes(0x06, 0x00, 0x00, 0xa3), "eth42"),
                Arguments.of(bytes(0x00, 0x00, 0x00, 0x00), "unknown:0"),
                Arguments.of(bytes(0x02, 0x00, 0x00, 0x00), "eth0"),
                Arguments.of(bytes(0xff, 0xff, 0xff, 0xff), "unknown:4294967295"),
                Arguments.of(bytes(0x02, 0x00, 0x00, 0x00, 0x07, 0x07, 0x07, 0x07), "eth0")); // the first 4 bytes, as theirs
    }

    @ParameterizedTest
    @MethodSource
    void littleEndianKeys(byte[] key, String expected) throws DecodeException {
        assertThat(decode(decoder(ByteOrder.LITTLE_ENDIAN, 8), key)).isEqualTo(expected);
    }

    @Test
    void bigEndianKeys() throws DecodeException {
        assertThat(decode(decoder(ByteOrder.BIG_ENDIAN, 8), bytes(0x00, 0x00, 0x00, 0x02))).isEqualTo("eth0");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void rejectsFewerThanFourBytes(int size) {
        assertThatThrownBy(() -> decoder(ByteOrder.LITTLE_ENDIAN, 8).decode(new byte[size], named("ifname")))
                .isInstanceOf(DecodeException.class)
                .hasMessage("ifname needs the 4 bytes of a u32 interface index, got " + size);
    }

    @Test
    void anInterfaceCreatedLaterIsFoundByAMissOncePerInterval() throws Exception {
        IfnameDecoder decoder = decoder(ByteOrder.LITTLE_ENDIAN, 8);
        byte[] veth = bytes(0x07, 0x00, 0x00, 0x00);
        assertThat(decode(decoder, veth)).isEqualTo("unknown:7"); // the first read, at time 0
        addInterface("veth1234", "7");
        now.set(MIN_REREAD.toNanos() - 1);
        assertThat(decode(decoder, veth)).as("a miss within the interval reads nothing").isEqualTo("unknown:7");
        now.set(MIN_REREAD.toNanos());
        assertThat(decode(decoder, veth)).isEqualTo("veth1234");
        deleteInterface("veth1234");
        now.set(10 * MIN_REREAD.toNanos());
        assertThat(decode(decoder, veth)).as("a deleted interface keeps its name").isEqualTo("veth1234");
    }

    @Test
    void hitsNeverReReadTheFolder() throws Exception {
        IfnameDecoder decoder = decoder(ByteOrder.LITTLE_ENDIAN, 8);
        decode(decoder, bytes(0x01, 0x00, 0x00, 0x00));
        deleteInterface("eth0");
        now.set(10 * MIN_REREAD.toNanos());
        assertThat(decode(decoder, bytes(0x02, 0x00, 0x00, 0x00))).isEqualTo("eth0");
    }

    @Test
    void aChurnOfInterfacesKeepsAtMostTheCapacity() throws Exception {
        for (int index = 100; index < 2100; index++) {
            addInterface("veth" + index, Integer.toString(index));
        }
        IfnameDecoder decoder = decoder(ByteOrder.BIG_ENDIAN, 100);
        for (int index = 100; index < 2100; index += 50) {
            now.addAndGet(MIN_REREAD.toNanos()); // every miss may read the folder again
            assertThat(decode(decoder, bytes(0, 0, index >> 8, index))).isEqualTo("veth" + index);
            assertThat(decoder.tableSize()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void withoutTheFolderEveryIndexIsUnknownAndTheConfigIsRefused() throws Exception {
        IfnameDecoder decoder = new IfnameDecoder(net.resolve("missing"), ByteOrder.LITTLE_ENDIAN, MIN_REREAD,
                now::get, 8);
        assertThat(decode(decoder, bytes(0x01, 0x00, 0x00, 0x00))).isEqualTo("unknown:1");
        assertThatThrownBy(decoder::checkUsable).isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("cannot list network interfaces in " + net.resolve("missing"))
                .hasMessageEndingWith("mount sysfs at /sys in the exporter's network namespace");
    }

    @Test
    void thisHostHasLoopbackAtIndexOne() throws Exception {
        IfnameDecoder decoder = IfnameDecoder.ofThisHost();
        decoder.checkUsable();
        byte[] one = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? bytes(1, 0, 0, 0) : bytes(0, 0, 0, 1);
        assertThat(decode(decoder, one)).isEqualTo("lo");
    }

    private void addInterface(String name, String index) throws IOException {
        Files.writeString(Files.createDirectories(net.resolve(name)).resolve("ifindex"), index + "\n");
    }

    private void deleteInterface(String name) throws IOException {
        Files.delete(net.resolve(name).resolve("ifindex"));
        Files.delete(net.resolve(name));
    }

    private IfnameDecoder decoder(ByteOrder order, int capacity) {
        return new IfnameDecoder(net, order, MIN_REREAD, now::get, capacity);
    }

    private static String decode(IfnameDecoder decoder, byte[] key) throws DecodeException {
        return new String(decoder.decode(key, named("ifname")), StandardCharsets.UTF_8);
    }
}
