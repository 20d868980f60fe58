package dev.ebpfexporter.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A label cut from the map key: {@code size} bytes, then {@code padding} bytes skipped. */
public record LabelConfig(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) int size,
        int padding,
        @JsonProperty(required = true) List<DecoderConfig> decoders) {
    public LabelConfig {
        MetricRules.identifier("name", name, "a Prometheus label name");
        if (name.startsWith("__")) {
            throw new InvalidField("name", "(\"" + name + "\") must not start with __ (reserved by Prometheus)");
        }
        if (size <= 0) {
            throw new InvalidField("size", "(" + size + ") must be > 0");
        }
        if (padding < 0) {
            throw new InvalidField("padding", "(" + padding + ") must be ≥ 0");
        }
        decoders = List.copyOf(decoders);
        if (decoders.isEmpty()) {
            throw new InvalidField("decoders", "must not be empty (the decoders turn the key bytes into the label value)");
        }
    }
}
