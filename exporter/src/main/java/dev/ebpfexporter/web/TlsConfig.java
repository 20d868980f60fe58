package dev.ebpfexporter.web;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ebpfexporter.config.InvalidField;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code tls_server_config} of a web config, paths already resolved against the web config's
 * directory.
 *
 * @param clientCaFile present exactly when {@code clientAuth} verifies certificates
 * @param minVersion at most {@code maxVersion}
 * @param cipherSuites the TLS 1.2 cipher suites to offer, by IANA name, each one the Java runtime
 *     enables; empty for the Java runtime's defaults. TLS 1.3 suites are not configurable (as in Go).
 */
public record TlsConfig(Path certFile, Path keyFile, ClientAuth clientAuth, Optional<Path> clientCaFile,
        TlsVersion minVersion, TlsVersion maxVersion, List<String> cipherSuites) {
    /** The injected directory relative paths resolve against. */
    static final String DIRECTORY = "webConfigDirectory";

    public TlsConfig {
        cipherSuites = List.copyOf(cipherSuites);
        if (clientAuth.verifies() && clientCaFile.isEmpty()) {
            throw new InvalidField("client_auth_type", clientAuth + " verifies client certificates against"
                    + " client_ca_file: name the PEM file of the CA that issues them");
        }
        if (!clientAuth.verifies() && clientCaFile.isPresent()) {
            throw new InvalidField("client_ca_file", "is only used to verify client certificates, and"
                    + " client_auth_type is " + clientAuth + "; set client_auth_type: RequireAndVerifyClientCert (or"
                    + " VerifyClientCertIfGiven), or remove client_ca_file");
        }
        if (minVersion.compareTo(maxVersion) > 0) {
            throw new InvalidField("min_version", "(" + minVersion + ") is above max_version (" + maxVersion + ")");
        }
        List<String> enabled = CipherSuites.enabledTls12();
        for (int i = 0; i < cipherSuites.size(); i++) {
            if (!enabled.contains(cipherSuites.get(i))) {
                throw new InvalidField("cipher_suites[" + i + "]", "'" + cipherSuites.get(i) + "' is not a TLS 1.2"
                        + " cipher suite this Java runtime enables; use the IANA names of: " + String.join(", ", enabled));
            }
        }
    }

    /**
     * The YAML form, relative paths resolved against {@code directory}. Go ignores
     * {@code prefer_server_cipher_suites} since 1.18 and so does Jetty's default (server order): it is
     * read, as a boolean, so that old files keep loading.
     */
    @JsonCreator
    static TlsConfig fromYaml(
            @JacksonInject(DIRECTORY) Path directory,
            @JsonProperty(value = "cert_file", required = true) String certFile,
            @JsonProperty(value = "key_file", required = true) String keyFile,
            @JsonProperty("client_auth_type") Optional<ClientAuth> clientAuth,
            @JsonProperty("client_ca_file") Optional<String> clientCaFile,
            @JsonProperty("min_version") Optional<TlsVersion> minVersion,
            @JsonProperty("max_version") Optional<TlsVersion> maxVersion,
            @JsonProperty("cipher_suites") Optional<List<String>> cipherSuites,
            @JsonProperty("prefer_server_cipher_suites") boolean preferServerCipherSuites) {
        if (cipherSuites.isPresent() && cipherSuites.get().isEmpty()) {
            throw new InvalidField("cipher_suites", "is empty; list cipher suites or remove the key for the defaults");
        }
        return new TlsConfig(directory.resolve(certFile), directory.resolve(keyFile),
                clientAuth.orElse(ClientAuth.NoClientCert), clientCaFile.map(directory::resolve),
                minVersion.orElse(TlsVersion.TLS12), maxVersion.orElse(TlsVersion.TLS13),
                cipherSuites.orElse(List.of()));
    }

    /** The JSSE protocols from {@code minVersion} to {@code maxVersion}. */
    public List<String> protocols() {
        return Arrays.stream(TlsVersion.values(), minVersion.ordinal(), maxVersion.ordinal() + 1)
                .map(TlsVersion::protocol).toList();
    }
}
