package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.util.List;
import java.util.Optional;

/**
 * One step of a label's decoder chain. Steps pass bytes along: the first gets the label's slice
 * of the map key, each next one gets what the previous returned, and the last one's bytes
 * (UTF-8) become the label value. Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface Decoder {
    /** @param in must not be modified; the result may be {@code in} itself */
    byte[] decode(byte[] in, DecoderConfig config) throws DecodeException;

    /**
     * Checked when a config that uses this decoder loads: whether it can decode anything on this
     * host with this process's privileges. A config whose labels could only read "unknown" fails
     * to load with the reason, rather than serving right counts under useless labels.
     *
     * @throws DecodeException saying what is missing and how to provide it
     */
    default void checkUsable() throws DecodeException {}

    /** Whether {@link #decode} may throw {@link SeriesDropped}: metrics using it count their dropped keys. */
    default boolean mayDropSeries() {
        return false;
    }

    /**
     * Every value this step gives the inputs it knows, when that set is fixed before any key is read
     * (a {@code static_map}'s names, the host's NUMA nodes); empty when it is open (names, numbers,
     * symbols). A label whose last step knows its outputs is an enumeration: a counter made only of
     * such labels has its series from the start, at 0.
     */
    default Optional<List<String>> knownOutputs(DecoderConfig config) {
        return Optional.empty();
    }
}
