package dev.ebpfexporter.decode;

import java.util.List;
import java.util.Optional;

/**
 * Turns one raw map key into label values, one per configured label, in config order. The same
 * bytes must always give the same values: the drain decodes a key once and keeps the answer while
 * the key stays in the map.
 */
@FunctionalInterface
public interface KeyDecoder {
    /**
     * @param key not modified (the drain keeps it to recognise the key in later reads)
     * @throws DecodeException when a decoder cannot decode its bytes; the caller skips the key
     *     and counts the miss, it never fails the whole map; {@link SeriesDropped} when a decoder
     *     leaves the key out on purpose, which the caller counts apart
     */
    List<String> decode(byte[] key) throws DecodeException;

    /**
     * Each label's values when every label is an enumeration ({@link Decoder#knownOutputs}), in label
     * order; empty when any label can take values not known ahead. A metric without labels has one
     * series, known ahead: an empty list.
     */
    default Optional<List<List<String>>> labelValuesKnownAhead() {
        return Optional.empty();
    }
}
