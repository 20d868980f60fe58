package dev.ebpfexporter.config;

import java.util.List;

/** A label cut from the map key: {@code size} bytes, then {@code padding} bytes skipped. */
public record LabelConfig(String name, int size, int padding, List<DecoderConfig> decoders) {
    public LabelConfig {
        decoders = List.copyOf(decoders);
    }
}
