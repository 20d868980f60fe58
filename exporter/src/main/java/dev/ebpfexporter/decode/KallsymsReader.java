package dev.ebpfexporter.decode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running kernel's symbols, shared by the {@code ksym} and {@code kstack} decoders: one copy of
 * {@link KernelSymbols} (about 40 bytes per symbol), read from /proc/kallsyms at the first lookup
 * or at {@link #checkUsable}. Modules load later, so a lookup that misses reads the file again, at
 * most once per {@code rereadInterval}: a batch of misses costs one read, and addresses no symbol
 * will ever have (a decoder chain fed the wrong bytes) cannot make it read the file on every
 * lookup. The exporter decodes a key once while it stays in its map, so an address that missed
 * keeps its label; with the default interval (1 s, shorter than any sensible drain interval) a
 * miss re-reads the file on every drain it happens in, after the map was read, so only a module
 * loaded within that second of a previous miss's re-read can go unnamed.
 *
 * <p>A reader without CAP_SYSLOG sees every address as 0: {@link #checkUsable} then fails, so a
 * config using these decoders does not load; should the kernel hide addresses later, nothing is
 * named and the reason is logged once. Thread-safe.
 */
final class KallsymsReader {
    static final Duration DEFAULT_REREAD_INTERVAL = Duration.ofSeconds(1);
    /** 40 bytes each: 160 MB at most; kernels list 100,000 to 300,000. */
    static final int MAX_SYMBOLS = 4_000_000;
    private static final Path KALLSYMS = Path.of("/proc/kallsyms");
    private static final Logger LOG = LoggerFactory.getLogger(KallsymsReader.class);

    /** How one address is looked up in a reading. */
    @FunctionalInterface
    interface Lookup {
        byte[] in(KernelSymbols symbols, long address);
    }

    private final Path kallsyms;
    private final RereadLimit rereads;
    private KernelSymbols symbols; // null until read
    private String failure; // why the last read failed, null after a good one
    private boolean warnedAllZero;

    KallsymsReader(Path kallsyms, Duration rereadInterval, LongSupplier nanoTime) {
        this.kallsyms = kallsyms;
        this.rereads = new RereadLimit(rereadInterval, nanoTime);
    }

    /** Reads the host's /proc/kallsyms. */
    static KallsymsReader ofThisHost() {
        return new KallsymsReader(KALLSYMS, DEFAULT_REREAD_INTERVAL, System::nanoTime);
    }

    /**
     * The name {@code lookup} finds for each address (UTF-8), null where it finds none; when any
     * address misses and the interval allows, the file is read again and every address looked up
     * again, so one frame's miss cannot leave the others of its stack with an older reading.
     *
     * @throws DecodeException when the file could never be read, or a re-read fails
     */
    synchronized byte[][] names(long[] addresses, Lookup lookup) throws DecodeException {
        if (symbols == null) {
            readFirst();
        }
        byte[][] names = lookUp(addresses, lookup);
        if (anyMissing(names) && rereads.allows()) {
            read();
            names = lookUp(addresses, lookup);
        }
        if (symbols.allZero() && !warnedAllZero) {
            warnedAllZero = true; // the kernel hid addresses after the config loaded
            LOG.warn("{} shows every kernel address as 0, so no address can be named: the exporter lacks CAP_SYSLOG "
                    + "(or kernel.kptr_restrict is 2); run it as root or grant CAP_SYSLOG", kallsyms);
        }
        return names;
    }

    /**
     * Reads the file now (so the first drain does not) and fails when it names nothing: every
     * address 0 is what the kernel shows a reader without CAP_SYSLOG.
     */
    synchronized void checkUsable() throws DecodeException {
        if (symbols == null) {
            readFirst();
        }
        if (symbols.allZero()) {
            throw new DecodeException(kallsyms + " shows every kernel address as 0 to this process, so no address could"
                    + " be named: grant CAP_SYSLOG (or run as root), or set kernel.kptr_restrict=0 and"
                    + " kernel.perf_event_paranoid=1 or lower");
        }
    }

    private byte[][] lookUp(long[] addresses, Lookup lookup) {
        byte[][] names = new byte[addresses.length][];
        for (int i = 0; i < addresses.length; i++) {
            names[i] = symbols.allZero() ? null : lookup.in(symbols, addresses[i]);
        }
        return names;
    }

    private static boolean anyMissing(byte[][] names) {
        for (byte[] name : names) {
            if (name == null) {
                return true;
            }
        }
        return false;
    }

    /** The first read, or another one interval after a failed one; each failure fails its lookup. */
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
