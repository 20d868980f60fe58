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

/** The majorminor decoder over a partitions file and a /sys/dev/block stand-in in a temp folder. */
class MajorMinorDecoderTest {
    private static final String PARTITIONS = """
            major minor  #blocks  name

               8        0  488386584 sda
               8        1     524288 sda1
               8       16  976762584 sdb
             254        0  268435456 vda
             259        0  500107608 nvme0n1
             259        1     524288 nvme0n1p1
               7      300      65536 loop300
            """;
    private static final Duration MIN_REREAD = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Path partitions;
    private Path sysDevBlock;
    private final AtomicLong now = new AtomicLong();

    @BeforeEach
    void files() throws IOException {
        partitions = Files.writeString(dir.resolve("partitions"), PARTITIONS);
        sysDevBlock = Files.createDirectories(dir.resolve("dev-block"));
    }

    /** Raw key bytes (a little-endian u32 in new_encode_dev's layout) → the label. */
    static Stream<Arguments> littleEndianKeys() {
        return Stream.of(
                Arguments.of(bytes(0x00, 0x08, 0x00, 0x00), "sda"), // 8:0 = 0x800
                Arguments.of(bytes(0x01, 0x08, 0x00, 0x00), "sda1"),
                Arguments.of(bytes(0x10, 0x08, 0x00, 0x00), "sdb"), // 8:16
                Arguments.of(bytes(0x00, 0xfe, 0x00, 0x00), "vda"), // 254:0 = 0xfe00
                Arguments.of(bytes(0x00, 0x03, 0x01, 0x00), "nvme0n1"), // 259:0 = 0x10300: major above 255
                Arguments.of(bytes(0x01, 0x03, 0x01, 0x00), "nvme0n1p1"),
                Arguments.of(bytes(0x2c, 0x07, 0x10, 0x00), "loop300"), // 7:300 = 0x2c | 0x700 | 0x100 << 12
                Arguments.of(bytes(0x10, 0x88, 0x00, 0x00), "unknown:136:16"), // ebpf_exporter's own test case
                Arguments.of(bytes(0x00, 0x00, 0x00, 0x00), "unknown:0:0"), // a request without a disk
                Arguments.of(bytes(0xff, 0xff, 0xff, 0xff), "unknown:4095:1048575")); // every bit: widest numbers
    }

    @ParameterizedTest
    @MethodSource
    void littleEndianKeys(byte[] key, String expected) throws DecodeException {
        assertThat(decode(decoder(ByteOrder.LITTLE_ENDIAN), key)).isEqualTo(expected);
    }

    @Test
    void bigEndianKeys() throws DecodeException {
        MajorMinorDecoder decoder = decoder(ByteOrder.BIG_ENDIAN);
        assertThat(decode(decoder, bytes(0x00, 0x01, 0x03, 0x01))).isEqualTo("nvme0n1p1");
        assertThat(decode(decoder, bytes(0x00, 0x00, 0x08, 0x10))).isEqualTo("sdb");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 8})
    void rejectsAnythingButFourBytes(int size) {
        assertThatThrownBy(() -> decoder(ByteOrder.LITTLE_ENDIAN).decode(new byte[size], named("majorminor")))
                .isInstanceOf(DecodeException.class)
                .hasMessage("majorminor needs the 4 bytes of a u32 device number, got " + size);
    }

    @Test
    void aDeviceAttachedLaterIsFoundByAMissOncePerInterval() throws Exception {
        MajorMinorDecoder decoder = decoder(ByteOrder.LITTLE_ENDIAN);
        byte[] loop0 = bytes(0x00, 0x07, 0x00, 0x00);
        byte[] loop1 = bytes(0x01, 0x07, 0x00, 0x00);
        assertThat(decode(decoder, loop0)).isEqualTo("unknown:7:0"); // the first read, at time 0
        Files.writeString(partitions, PARTITIONS + "   7 0 1024 loop0\n   7 1 1024 loop1\n");
        now.set(MIN_REREAD.toNanos() - 1);
        assertThat(decode(decoder, loop0)).as("a miss within the interval reads nothing").isEqualTo("unknown:7:0");
        now.set(MIN_REREAD.toNanos());
        assertThat(decode(decoder, loop0)).isEqualTo("loop0");
        Files.writeString(partitions, PARTITIONS); // both detached: no longer listed
        now.set(10 * MIN_REREAD.toNanos());
        assertThat(decode(decoder, loop1)).as("read with loop0 and kept").isEqualTo("loop1");
        assertThat(decode(decoder, loop0)).as("a read forgets nothing").isEqualTo("loop0");
    }

    @Test
    void aNumberPartitionsOmitsIsNamedByItsSysfsLink() throws Exception {
        Files.createSymbolicLink(sysDevBlock.resolve("7:3"), Path.of("../../devices/virtual/block/loop3"));
        MajorMinorDecoder decoder = decoder(ByteOrder.LITTLE_ENDIAN);
        assertThat(decode(decoder, bytes(0x03, 0x07, 0x00, 0x00))).isEqualTo("loop3");
        Files.delete(sysDevBlock.resolve("7:3"));
        assertThat(decode(decoder, bytes(0x03, 0x07, 0x00, 0x00))).as("remembered").isEqualTo("loop3");
    }

    @Test
    void withoutAPartitionsFileEveryNumberIsUnknown() throws Exception {
        Files.delete(partitions);
        assertThat(decode(decoder(ByteOrder.LITTLE_ENDIAN), bytes(0x00, 0x08, 0x00, 0x00))).isEqualTo("unknown:8:0");
    }

    @Test
    void theTableKeepsAtMostItsCapacityOfNumbers() throws Exception {
        StringBuilder manyLoops = new StringBuilder(PARTITIONS);
        for (int minor = 0; minor < 10_000; minor++) {
            manyLoops.append("   7 ").append(minor).append(" 1024 loop").append(minor).append('\n');
        }
        Files.writeString(partitions, manyLoops);
        MajorMinorDecoder decoder = new MajorMinorDecoder(partitions, sysDevBlock, ByteOrder.LITTLE_ENDIAN,
                MIN_REREAD, now::get, 100);
        for (int minor = 0; minor < 10_000; minor += 100) {
            now.addAndGet(MIN_REREAD.toNanos()); // every miss may read the file again
            int dev = (minor & 0xff) | 7 << 8 | (minor & ~0xff) << 12;
            byte[] loop = bytes(dev, dev >> 8, dev >> 16, dev >> 24);
            assertThat(decode(decoder, loop)).isEqualTo("loop" + minor);
            assertThat(decoder.tableSize()).isLessThanOrEqualTo(100);
        }
    }

    private MajorMinorDecoder decoder(ByteOrder order) {
        return new MajorMinorDecoder(partitions, sysDevBlock, order, MIN_REREAD, now::get,
                MajorMinorDecoder.DEFAULT_CAPACITY);
    }

    private static String decode(MajorMinorDecoder decoder, byte[] key) throws DecodeException {
        return new String(decoder.decode(key, named("majorminor")), StandardCharsets.UTF_8);
    }
}
