package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A system call number (decimal text, so after {@code uint}) → its name in the running
 * architecture's 64-bit syscall table, as ebpf_exporter's {@code syscall} decoder does: "0" is
 * {@code read} on x86_64 and {@code io_setup} on arm64. A number the table lacks becomes
 * {@code unknown_syscall:<number>} (the number as an unsigned 64-bit integer, like theirs). A
 * negative input is read as two's complement, as theirs reads it; text that is no number is a
 * {@link DecodeException}.
 *
 * <p>The tables (resources {@code syscalls-<arch>.txt} beside this class, each saying how it was
 * generated) come from the kernel's own syscall tables, so names are the kernel's: where strace's
 * tables, from which ebpf_exporter generates its own, name a call differently (e.g.
 * {@code pread64}), the kernel's name is used. The table is chosen by {@code os.arch}; on an
 * architecture without one, every number is unknown.
 */
public final class SyscallDecoder implements Decoder {
    private static final String UNKNOWN_PREFIX = "unknown_syscall:";
    /** os.arch values (the JVM's and uname's spellings) → table resource. */
    private static final Map<String, String> TABLES = Map.of(
            "amd64", "syscalls-x86_64.txt",
            "x86_64", "syscalls-x86_64.txt",
            "aarch64", "syscalls-arm64.txt",
            "arm64", "syscalls-arm64.txt");

    private final NamesByNumber names;

    private SyscallDecoder(NamesByNumber names) {
        this.names = names;
    }

    /** The decoder for the architecture this JVM runs on. */
    public static SyscallDecoder ofThisMachine() {
        return forArch(System.getProperty("os.arch"));
    }

    /** The decoder for {@code osArch} (an {@code os.arch} value such as amd64 or aarch64). */
    static SyscallDecoder forArch(String osArch) {
        String table = TABLES.get(osArch.toLowerCase(Locale.ROOT));
        return new SyscallDecoder(table == null ? NamesByNumber.none() : NamesByNumber.read(table));
    }

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        String text = new String(in, StandardCharsets.US_ASCII);
        long number;
        try {
            number = text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new DecodeException("syscall needs a decimal syscall number (decode with uint first), got \"" + text + "\"");
        }
        String name = names.nameOf(number);
        return (name != null ? name : UNKNOWN_PREFIX + Long.toUnsignedString(number)).getBytes(StandardCharsets.UTF_8);
    }
}
