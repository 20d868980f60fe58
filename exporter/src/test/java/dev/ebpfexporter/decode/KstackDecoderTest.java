package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
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

/** The kstack decoder over a fake kallsyms file, with a clock the test moves. */
class KstackDecoderTest {
    private static final String KALLSYMS = """
            0000000000000004 T one
            0000000000000006 T two
            00000000000000aa T three
            ffffffff8142de30 t hrtimer_wakeup
            ffffffff8142de90 t __hrtimer_run_queues
            ffffffffc0a01230 t estimation_timer\t[ip_vs]
            """;
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Path kallsyms;
    private final AtomicLong now = new AtomicLong();

    @BeforeEach
    void file() throws IOException {
        kallsyms = Files.writeString(dir.resolve("kallsyms"), KALLSYMS);
    }

    /** Frames (the buffer's 8-byte slots, zeros included) → the label. */
    static Stream<Arguments> stacks() {
        return Stream.of(
                Arguments.of(new long[] {0, 0}, ""), // nothing recorded
                Arguments.of(new long[] {4, 5, 6, 0}, "one\none\ntwo"), // inside a function: the symbol below
                Arguments.of(new long[] {0xab, 0x10, 6, 0}, "three\ntwo\ntwo"),
                Arguments.of(new long[] {1, 0xac, 1, 0}, "??\nthree\n??"), // below every symbol
                Arguments.of(new long[] {4, 0, 6, 0}, "one"), // the first zero ends the stack
                Arguments.of(new long[] {6}, "two"), // a full buffer: no zero at all
                Arguments.of(new long[] {0xffffffff8142de35L, 0xffffffff8142dea0L, 0xffffffffc0a01240L, 0},
                        "hrtimer_wakeup\n__hrtimer_run_queues\nestimation_timer\t[ip_vs]"),
                Arguments.of(new long[] {0xffffffffffffff00L}, "estimation_timer\t[ip_vs]")); // above all: the last
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void namesEachFrameBySymbolAtOrBelowIt(long[] frames, String expected) throws Exception {
        assertThat(decode(decoder(), frames)).isEqualTo(expected);
    }

    @Test
    void aMissReReadsOncePerIntervalAndNamesTheWholeStackFromTheNewReading() throws Exception {
        KstackDecoder decoder = decoder();
        assertThat(decode(decoder, new long[] {3, 0xab})).isEqualTo("??\nthree");
        Files.writeString(kallsyms, "0000000000000002 T zero\n" + KALLSYMS.replace(" three", " three_renamed"));
        now.addAndGet(INTERVAL.toNanos() - 1);
        assertThat(decode(decoder, new long[] {3, 0xab})).as("within the interval").isEqualTo("??\nthree");
        now.addAndGet(1);
        assertThat(decode(decoder, new long[] {3, 0xab})).isEqualTo("zero\nthree_renamed");
    }

    @Test
    void sharesItsReadingWithKsym() throws Exception {
        KallsymsReader reader = new KallsymsReader(kallsyms, INTERVAL, now::get);
        reader.checkUsable();
        Files.delete(kallsyms);
        assertThat(decode(new KstackDecoder(reader), new long[] {5})).isEqualTo("one");
        byte[] address = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(6).array();
        assertThat(new KsymDecoder(reader).decode(address, named("ksym"))).asString(StandardCharsets.UTF_8)
                .isEqualTo("two");
    }

    @Test
    void hiddenAddressesNameNoFrameAndTheConfigIsRefused() throws Exception {
        Files.writeString(kallsyms, "0000000000000000 T _text\n0000000000000000 t hrtimer_wakeup\n");
        KstackDecoder decoder = decoder();
        assertThat(decode(decoder, new long[] {0xffffffff8142de35L, 0x10})).isEqualTo("??\n??");
        assertThatThrownBy(decoder::checkUsable).isInstanceOf(DecodeException.class).hasMessageContaining("CAP_SYSLOG");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 9, 20})
    void rejectsASizeThatIsNoMultipleOfEight(int size) {
        assertThatThrownBy(() -> decoder().decode(new byte[size], named("kstack")))
                .isInstanceOf(DecodeException.class)
                .hasMessage("kstack needs 8-byte kernel addresses, got " + size + " bytes");
    }

    private KstackDecoder decoder() {
        return new KstackDecoder(new KallsymsReader(kallsyms, INTERVAL, now::get));
    }

    private static String decode(KstackDecoder decoder, long[] frames) throws DecodeException {
        ByteBuffer in = ByteBuffer.allocate(frames.length * 8).order(ByteOrder.nativeOrder());
        for (long frame : frames) {
            in.putLong(frame);
        }
        return new String(decoder.decode(in.array(), named("kstack")), StandardCharsets.UTF_8);
    }
}
