package dev.ebpfexporter.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.ebpfexporter.config.InvalidField;
import java.util.Arrays;
import java.util.Set;

/** {@code min_version} / {@code max_version}: exporter-toolkit's names and the JSSE protocol each stands for. */
public enum TlsVersion {
    TLS12("TLSv1.2"),
    TLS13("TLSv1.3");

    private final String protocol;

    TlsVersion(String protocol) {
        this.protocol = protocol;
    }

    /** The protocol name JSSE and Jetty use ({@code TLSv1.2}). */
    public String protocol() {
        return protocol;
    }

    /** exporter-toolkit's name; its TLS10 and TLS11 are refused with the reason. */
    @JsonCreator
    static TlsVersion fromYaml(String name) {
        if (Set.of("TLS10", "TLS11").contains(name)) {
            throw new InvalidField("", "(" + name + ") is not supported: Java disables TLS 1.0 and 1.1; use TLS12 or TLS13");
        }
        return Arrays.stream(values()).filter(version -> version.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidField("", "(\"" + name + "\") must be one of TLS12, TLS13"));
    }
}
