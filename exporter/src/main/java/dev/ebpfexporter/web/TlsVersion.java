package dev.ebpfexporter.web;

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
}
