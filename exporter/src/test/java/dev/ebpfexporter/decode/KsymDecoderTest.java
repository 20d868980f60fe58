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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ksym decoder over a fake kallsyms file, with a clock the test moves. */
class KsymDecoderTest {
    private static final String KALLSYMS = """
            ffffffff81000000 T _text
            ffffffff8138be80 T delayed_work_timer_fn
            ffffffff8142de20 t __pfx_hrtimer_wakeup
            ffffffff8142de30 t hrtimer_wakeup
            ffffffff81453810 T __do_sys_getegid16
            ffffffff81453810 T __x64_sys_getegid16
            ffffffffc0a01230 t estimation_timer\t[ip_vs]
            ffffffffc0a01300 t ip_vs_conn_expire\t[ip_vs]
            not a symbol line
            ffffffffc0201000 t ftrace_trampoline\t[__builtin__ftrace]
            """;
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Path kallsyms;
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @BeforeEach
    void file() throws IOException {
        kallsyms = Files.writeString(dir.resolve("kallsyms"), KALLSYMS);
    }

    @ParameterizedTest(name = "0x{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "ffffffff8142de30 | hrtimer_wakeup", // a kernel text symbol
        "ffffffff8138be80 | delayed_work_timer_fn",
        "ffffffff81000000 | _text", // the lowest address
        "ffffffffc0a01230 | 'estimation_timer\t[ip_vs]'", // a module's: name, tab, [module], as ebpf_exporter
        "ffffffffc0201000 | 'ftrace_trampoline\t[__builtin__ftrace]'", // listed after the modules, below them
        "ffffffff81453810 | __do_sys_getegid16", // aliases: the first listed names the address
        "ffffffff8142de31 | unknown_addr:0xffffffff8142de31", // inside a function: only exact starts are named
        "ffffffff8142de20 | __pfx_hrtimer_wakeup",
        "0000000000000000 | unknown_addr:0x0",
        "ffffffffffffffff | unknown_addr:0xffffffffffffffff", // above every symbol (unsigned order)
        "0000000000000010 | unknown_addr:0x10", // below every symbol
    })
    void namesTheSymbolAtExactlyTheAddress(String address, String expected) throws Exception {
        assertThat(decode(decoder(), Long.parseUnsignedLong(address, 16))).isEqualTo(expected);
    }

    @Test
    void readsTheHostByteOrder() throws Exception {
        byte[] in = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0xffffffff8142de30L).array();
        assertThat(new String(decoder().decode(in, named("ksym")), StandardCharsets.UTF_8)).isEqualTo("hrtimer_wakeup");
    }

    @Test
    void aModuleLoadedLaterIsFoundByAMissOnceTheIntervalHasPassed() throws Exception {
        KsymDecoder decoder = decoder();
        long loadedLater = 0xffffffffc0b00040L;
        assertThat(decode(decoder, loadedLater)).isEqualTo("unknown_addr:0xffffffffc0b00040"); // first read: not there
        Files.writeString(kallsyms, KALLSYMS + "ffffffffc0b00040 t nf_ct_gc_expired\t[nf_conntrack]\n");
        now.addAndGet(INTERVAL.toNanos() - 1);
        assertThat(decode(decoder, loadedLater)).as("within the interval: no re-read")
                .isEqualTo("unknown_addr:0xffffffffc0b00040");
        now.addAndGet(1);
        assertThat(decode(decoder, loadedLater)).isEqualTo("nf_ct_gc_expired\t[nf_conntrack]");
    }

    @Test
    void hitsNeverReReadTheFile() throws Exception {
        KsymDecoder decoder = decoder();
        decode(decoder, 0xffffffff8142de30L);
        Files.delete(kallsyms);
        now.addAndGet(INTERVAL.toNanos() * 10);
        assertThat(decode(decoder, 0xffffffff8138be80L)).isEqualTo("delayed_work_timer_fn");
    }

    @Test
    void aFailedReReadKeepsTheSymbolsReadBefore() throws Exception {
        KsymDecoder decoder = decoder();
        decode(decoder, 0xffffffff8142de30L);
        Files.delete(kallsyms);
        now.addAndGet(INTERVAL.toNanos());
        assertThatThrownBy(() -> decode(decoder, 0x1234L)).isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("cannot read kernel symbols from " + kallsyms + ": ");
        assertThat(decode(decoder, 0xffffffff8142de30L)).isEqualTo("hrtimer_wakeup");
    }

    @Test
    void aMissingFileFailsEachDecodeAndIsTriedAgainAfterTheInterval() throws Exception {
        Files.delete(kallsyms);
        KsymDecoder decoder = decoder();
        assertThatThrownBy(() -> decode(decoder, 0xffffffff8142de30L)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("NoSuchFileException");
        Files.writeString(kallsyms, KALLSYMS);
        assertThatThrownBy(() -> decode(decoder, 0xffffffff8142de30L)).as("within the interval")
                .isInstanceOf(DecodeException.class);
        now.addAndGet(INTERVAL.toNanos());
        assertThat(decode(decoder, 0xffffffff8142de30L)).isEqualTo("hrtimer_wakeup");
    }

    @Test
    void addressesHiddenAsZeroNameNothingNotEvenAddressZero() throws Exception {
        Files.writeString(kallsyms, """
                0000000000000000 T _text
                0000000000000000 t hrtimer_wakeup
                0000000000000000 t estimation_timer\t[ip_vs]
                """);
        KsymDecoder decoder = decoder();
        assertThat(decode(decoder, 0xffffffff8142de30L)).isEqualTo("unknown_addr:0xffffffff8142de30");
        assertThat(decode(decoder, 0)).isEqualTo("unknown_addr:0x0");
        assertThatThrownBy(decoder::checkUsable).as("a config using ksym then fails to load")
                .isInstanceOf(DecodeException.class).hasMessageContaining("shows every kernel address as 0")
                .hasMessageContaining("CAP_SYSLOG");
    }

    @Test
    void aReadableFileIsUsableAndReadOnceForTheDrains() throws Exception {
        KsymDecoder decoder = decoder();
        decoder.checkUsable();
        Files.delete(kallsyms);
        assertThat(decode(decoder, 0xffffffff8142de30L)).isEqualTo("hrtimer_wakeup");
    }

    @ParameterizedTest
    @CsvSource({"0", "4", "7", "9", "16"})
    void anythingButEightBytesIsAnError(int length) {
        assertThatThrownBy(() -> decoder().decode(new byte[length], named("ksym")))
                .isInstanceOf(DecodeException.class)
                .hasMessage("ksym needs an 8-byte kernel address, got " + length + " bytes");
    }

    @Test
    void moreSymbolsThanTheBoundIsAnError() throws Exception {
        assertThatThrownBy(() -> KernelSymbols.read(kallsyms, 8)).isInstanceOf(IOException.class)
                .hasMessage(kallsyms + " lists more than 8 symbols");
        assertThat(KernelSymbols.read(kallsyms, 9).size()).as("9 symbols, 8 distinct addresses").isEqualTo(8);
    }

    private KsymDecoder decoder() {
        return new KsymDecoder(new KallsymsReader(kallsyms, INTERVAL, now::get));
    }

    private static String decode(KsymDecoder decoder, long address) throws DecodeException {
        byte[] in = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(address).array();
        return new String(decoder.decode(in, named("ksym")), StandardCharsets.UTF_8);
    }
}
