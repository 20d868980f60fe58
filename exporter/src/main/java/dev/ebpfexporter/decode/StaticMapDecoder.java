package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Looks its input up in the config's {@code static_map} (usually after {@code uint}: "1" → "kernel").
 * An input the map lacks becomes {@code unknown:<input>}, or passes through unchanged with
 * {@code allow_unknown: true}, as in ebpf_exporter: the event is still counted, under a label
 * value that shows the map is incomplete.
 */
public final class StaticMapDecoder implements Decoder {
    private static final String UNKNOWN_PREFIX = "unknown:";

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) {
        String key = new String(in, StandardCharsets.UTF_8);
        String mapped = config.staticMap().get(key);
        if (mapped != null) {
            return mapped.getBytes(StandardCharsets.UTF_8);
        }
        return config.allowUnknown() ? in : (UNKNOWN_PREFIX + key).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The map's names, unless {@code allow_unknown} passes other inputs through unchanged (any
     * number could then be a value). Inputs the map lacks read {@code unknown:<input>}: those series
     * appear when such a key does, the names are known ahead.
     */
    @Override
    public Optional<List<String>> knownOutputs(DecoderConfig config) {
        if (config.allowUnknown() || config.staticMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(new TreeSet<>(config.staticMap().values())));
    }
}
