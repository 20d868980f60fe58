package dev.ebpfexporter.web;

import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * {@code cipher_suites} in Go's sense: a choice among TLS 1.2 suites only, TLS 1.3 suites staying
 * on. TLS 1.2 suites are the ones named {@code TLS_<key exchange>_WITH_<cipher>}; TLS 1.3 suites
 * and the renegotiation SCSV are not.
 */
public final class CipherSuites {
    private CipherSuites() {}

    /** The TLS 1.2 suites this Java runtime enables by default, by IANA name. */
    public static List<String> enabledTls12() {
        try {
            return Arrays.stream(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites())
                    .filter(suite -> suite.contains("_WITH_")).toList();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no default TLS context", e);
        }
    }

    /** The enabled TLS 1.2 suites not in {@code chosen}: excluding them leaves exactly the choice and TLS 1.3. */
    public static List<String> notChosen(List<String> chosen) {
        return enabledTls12().stream().filter(suite -> !chosen.contains(suite)).toList();
    }
}
