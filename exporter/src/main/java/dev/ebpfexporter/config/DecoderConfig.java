package dev.ebpfexporter.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a label's decoder chain, as written in the YAML ({@code decoders[]}). Whether the
 * name is a known decoder is checked by {@link ConfigParser}, which is given the decode registry.
 *
 * @param staticMap keys as YAML writes them ({@code 0:} is the key "0"), which is what {@code uint} produces;
 *     required, and not empty, for the {@code static_map} decoder
 * @param regexps Java regular expressions, each compiled here so that a bad one is refused where it is
 *     written; required, and not empty, for the {@code regexp} decoder
 */
public record DecoderConfig(
        @JsonProperty(required = true) String name,
        Map<String, String> staticMap,
        boolean allowUnknown,
        List<String> regexps) {
    static final String STATIC_MAP = "static_map";
    static final String REGEXP = "regexp";

    public DecoderConfig {
        staticMap = Collections.unmodifiableMap(new LinkedHashMap<>(staticMap));
        regexps = List.copyOf(regexps);
        if (name.equals(STATIC_MAP) && staticMap.isEmpty()) {
            throw new InvalidField("static_map", "is required, and must not be empty, for the static_map decoder");
        }
        if (name.equals(REGEXP) && regexps.isEmpty()) {
            throw new InvalidField("regexps", "is required, and must not be empty, for the regexp decoder"
                    + " (a key is kept when one of them matches)");
        }
        MetricRules.regexps("regexps", regexps);
    }
}
