package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kernel address (8 bytes, host byte order) → the name of the kernel symbol at exactly that
 * address, from /proc/kallsyms, as ebpf_exporter's {@code ksym} decoder does: {@code hrtimer_wakeup};
 * a module's symbol with its module after a tab, {@code estimation_timer\t[ip_vs]}; an address no
 * symbol starts at, {@code unknown_addr:0x<hex>}.
 *
 * <p>The file is read at the first decode and kept ({@link KernelSymbols}: one copy, about 40 bytes
 * per symbol). Modules load later, so a miss reads it again, at most once per {@code rereadInterval}:
 * a batch of misses costs one read, and addresses no symbol will ever have (a decoder chain fed the
 * wrong bytes) cannot make it read the file on every decode. The exporter decodes a key once while
 * it stays in its map, so an address that missed keeps its {@code unknown_addr} label; with the
 * default interval (1 s, shorter than any sensible drain interval) a miss re-reads the file on every
 * drain it happens in, after the map was read, so only a module loaded within that second of a
 * previous miss's re-read can go unnamed.
 *
 * <p>A reader without CAP_SYSLOG sees every address as 0: a config using this decoder then fails
 * to load ({@link #checkUsable}); should the kernel hide addresses later, every address is unknown
 * and the decoder says why once in the log. Thread-safe.
 */
public final class KsymDecoder implements Decoder {
    static final Duration DEFAULT_REREAD_INTERVAL = Duration.ofSeconds(1);
    /** 40 bytes each: 160 MB at most; kernels list 100,000 to 300,000. */
    static final int MAX_SYMBOLS = 4_000_000;
    private static final Path KALLSYMS = Path.of("/proc/kallsyms");
    private static final Logger LOG = LoggerFactory.getLogger(KsymDecoder.class);

    private final Path kallsyms;
    private final RereadLimit rereads;
    private KernelSymbols symbols; // null until read
    private String failure; // why the last read failed, null after a good one
    private boolean warnedAllZero;

    KsymDecoder(Path kallsyms, Duration rereadInterval, LongSupplier nanoTime) {
        this.kallsyms = kallsyms;
        this.rereads = new RereadLimit(rereadInterval, nanoTime);
    }

    /** Names addresses from this host's /proc/kallsyms. */
    public static KsymDecoder ofThisHost() {
        return new KsymDecoder(KALLSYMS, DEFAULT_REREAD_INTERVAL, System::nanoTime);
    }

    @Override
    public synchronized byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        if (in.length != Long.BYTES) {
            throw new DecodeException("ksym needs an 8-byte kernel address, got " + in.length + " bytes");
        }
        long address = ByteBuffer.wrap(in).order(ByteOrder.nativeOrder()).getLong();
        if (symbols == null) {
            readFirst();
        }
        byte[] name = symbols.at(address);
        if (name == null && rereads.allows()) {
            read();
            name = symbols.at(address);
        }
        if (symbols.allZero() && !warnedAllZero) {
            warnedAllZero = true; // the kernel hid addresses after the config loaded
            LOG.warn("{} shows every kernel address as 0, so every address decodes as unknown_addr: the exporter "
                    + "lacks CAP_SYSLOG (or kernel.kptr_restrict is 2); run it as root or grant CAP_SYSLOG", kallsyms);
        }
        return name != null ? name
                : ("unknown_addr:0x" + Long.toHexString(address)).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads the file now (so the first drain does not) and fails when it names nothing: every
     * address 0 is what the kernel shows a reader without CAP_SYSLOG.
     */
    @Override
    public synchronized void checkUsable() throws DecodeException {
        if (symbols == null) {
            readFirst();
        }
        if (symbols.allZero()) {
            throw new DecodeException(kallsyms + " shows every kernel address as 0 to this process, so no address could"
                    + " be named: grant CAP_SYSLOG (or run as root), or set kernel.kptr_restrict=0 and"
                    + " kernel.perf_event_paranoid=1 or lower");
        }
    }

    /** The first read, or another one interval after a failed one; each failure fails its decode. */
    private void readFirst() throws DecodeException {
        if (failure != null && !rereads.allows()) {
            throw new DecodeException(failure);
        }
        read();
    }

    private void read() throws DecodeException {
        rereads.reading();
        try {
            symbols = KernelSymbols.read(kallsyms, MAX_SYMBOLS);
        } catch (IOException e) {
            failure = "cannot read kernel symbols from " + kallsyms + ": " + e;
            throw new DecodeException(failure);
        }
        failure = null;
    }
}
