package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.nio.charset.StandardCharsets;

/**
 * An errno (decimal text, so after {@code uint}) → its name, as ebpf_exporter's {@code errno}
 * decoder gives it: "13" is {@code EACCES}, "95" {@code ENOTSUP}. A number without a name (0, 41,
 * anything above 133) becomes {@code unknown:<number>}; text that is no unsigned decimal is a
 * {@link DecodeException}. x86_64 and arm64 share the asm-generic numbers, so one table
 * ({@code errno-names.txt} beside this class, saying how it was generated) serves both.
 */
public final class ErrnoDecoder implements Decoder {
    private static final String UNKNOWN_PREFIX = "unknown:";
    private static final NamesByNumber NAMES = NamesByNumber.read("errno-names.txt");

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        long number = DecimalInput.unsigned(in, "errno", "an errno");
        String name = NAMES.nameOf(number);
        return (name != null ? name : UNKNOWN_PREFIX + Long.toUnsignedString(number)).getBytes(StandardCharsets.UTF_8);
    }
}
