package dev.ebpfexporter.web;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code tls_server_config} of a web config, paths already resolved against the web config's
 * directory.
 *
 * @param clientCaFile present exactly when {@code clientAuth} verifies certificates
 * @param cipherSuites the TLS 1.2 cipher suites to offer, by IANA name; empty for the Java runtime's
 *     defaults. TLS 1.3 suites are not configurable (as in Go).
 */
public record TlsConfig(Path certFile, Path keyFile, ClientAuth clientAuth, Optional<Path> clientCaFile,
        TlsVersion minVersion, TlsVersion maxVersion, List<String> cipherSuites) {
    public TlsConfig {
        cipherSuites = List.copyOf(cipherSuites);
    }

    /** The JSSE protocols from {@code minVersion} to {@code maxVersion}. */
    public List<String> protocols() {
        return Arrays.stream(TlsVersion.values(), minVersion.ordinal(), maxVersion.ordinal() + 1)
                .map(TlsVersion::protocol).toList();
    }
}
