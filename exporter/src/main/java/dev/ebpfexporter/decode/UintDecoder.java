package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** An unsigned integer of 1, 2, 4 or 8 bytes in the kernel's (host) byte order, as a decimal number. */
public final class UintDecoder implements Decoder {
    private final ByteOrder order;

    /** @param order the byte order of map keys: the host's, {@link ByteOrder#nativeOrder()} */
    public UintDecoder(ByteOrder order) {
        this.order = order;
    }

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        if (in.length != 1 && in.length != 2 && in.length != 4 && in.length != 8) {
            throw new DecodeException("uint needs 1, 2, 4 or 8 bytes, got " + in.length);
        }
        long value = 0;
        for (int i = 0; i < in.length; i++) {
            int index = order == ByteOrder.LITTLE_ENDIAN ? in.length - 1 - i : i; // most significant first
            value = (value << 8) | (in[index] & 0xff);
        }
        return Long.toUnsignedString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
