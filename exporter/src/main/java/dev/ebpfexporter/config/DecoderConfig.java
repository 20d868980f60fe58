package dev.ebpfexporter.config;

import java.util.List;
import java.util.Map;

/** One step of a label's decoder chain, as written in the YAML ({@code decoders[]}). */
public record DecoderConfig(String name, Map<String, String> staticMap, boolean allowUnknown, List<String> regexps) {
    public DecoderConfig {
        staticMap = Map.copyOf(staticMap);
        regexps = List.copyOf(regexps);
    }
}
