package dev.ebpfexporter.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a histogram map's bucket slot number becomes a Prometheus upper bound ({@code le}). */
public enum BucketType {
    EXP2("exp2"),
    EXP2ZERO("exp2zero"),
    LINEAR("linear"),
    FIXED("fixed");

    private final String yamlName;

    BucketType(String yamlName) {
        this.yamlName = yamlName;
    }

    /** As written in {@code bucket_type}. */
    @JsonValue
    public String yamlName() {
        return yamlName;
    }
}
