package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.util.Arrays;

/**
 * A C string from a fixed-size kernel buffer (a task's comm, a path): the bytes before the first
 * NUL, or all of them if there is none. The bytes are kept as they are; invalid UTF-8 becomes
 * U+FFFD only when the label value is made, so a later step still sees the original bytes.
 * Control characters stay: they are valid in label values and the exposition format escapes
 * what it must.
 */
public final class StringDecoder implements Decoder {
    @Override
    public byte[] decode(byte[] in, DecoderConfig config) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] == 0) {
                return Arrays.copyOf(in, i);
            }
        }
        return in;
    }
}
