package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.util.Arrays;

/**
 * A DNS name in wire format (length-prefixed labels, {@code \x07example\x03com}) → dotted text,
 * {@code example.com}, exactly as ebpf_exporter's {@code dname} decoder does: each length byte
 * becomes a dot and the leading dot is dropped; no bytes read {@code .}. It walks all the bytes
 * it is given, with no special case for the terminating zero label or padding: a zero byte is an
 * empty label and becomes a dot too, so a name in a fixed-size buffer should be cut to its length
 * first. A label running past the end (a truncated or not-wire-format name) returns the input
 * unchanged. Label bytes are copied as they are (no escaping, no case folding).
 */
public final class DnameDecoder implements Decoder {
    private static final byte[] ROOT = {'.'};

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) {
        if (in.length == 0) {
            return ROOT;
        }
        byte[] out = Arrays.copyOf(in, in.length);
        for (int offset = 0; offset < in.length; ) {
            int length = in[offset] & 0xff;
            out[offset++] = '.';
            if (offset + length > in.length) {
                return in;
            }
            offset += length;
        }
        return Arrays.copyOfRange(out, 1, out.length);
    }
}
