package dev.ebpfexporter.decode;

import java.util.List;

/** Turns one raw map key into label values, one per configured label, in config order. */
@FunctionalInterface
public interface KeyDecoder {
    /**
     * @throws DecodeException when a decoder cannot decode its bytes; the caller skips the key
     *     and counts the miss, it never fails the whole map
     */
    List<String> decode(byte[] key) throws DecodeException;
}
