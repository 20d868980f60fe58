package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.util.List;
import java.util.Map;

/** Shorthands for building decoder inputs and configs in tests. */
final class DecoderTesting {
    private DecoderTesting() {}

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static DecoderConfig named(String name) {
        return new DecoderConfig(name, Map.of(), false, List.of());
    }

    static DecoderConfig staticMap(Map<String, String> map, boolean allowUnknown) {
        return new DecoderConfig("static_map", map, allowUnknown, List.of());
    }
}
