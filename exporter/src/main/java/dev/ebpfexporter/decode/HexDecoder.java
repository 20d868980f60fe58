package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Raw bytes as lowercase hex, two digits per byte in key order (ids, addresses, hashes). */
public final class HexDecoder implements Decoder {
    private static final HexFormat HEX = HexFormat.of();

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) {
        return HEX.formatHex(in).getBytes(StandardCharsets.US_ASCII);
    }
}
