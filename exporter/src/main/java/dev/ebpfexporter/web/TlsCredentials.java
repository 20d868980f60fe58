package dev.ebpfexporter.web;

import dev.ebpfexporter.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the TLS server presents and whom it trusts, read from the files a {@link TlsConfig} names:
 * the certificate chain with its private key, and the client CAs. Held in in-memory key stores,
 * the form Jetty takes; read once at start and again whenever the files change.
 *
 * @param keyStore one entry, {@link #KEY_ALIAS}, protected by {@link #KEY_PASSWORD}
 * @param clientCas the certificates of {@code client_ca_file} as trusted entries, when client
 *     certificates are verified
 */
public record TlsCredentials(KeyStore keyStore, Optional<KeyStore> clientCas) {
    public static final String KEY_ALIAS = "server";
    /** The key store never leaves memory; a key entry must have some password all the same. */
    public static final String KEY_PASSWORD = "in-memory";
    private static final Logger LOG = LoggerFactory.getLogger(TlsCredentials.class);
    private static final byte[] PROBE = "ebpf-exporter key check".getBytes(StandardCharsets.US_ASCII);

    /** Reads and checks the files; the message of a failure names the setting, the file and what to fix. */
    public static TlsCredentials load(TlsConfig config) throws ConfigException {
        List<X509Certificate> chain = PemFiles.certificates("cert_file", config.certFile());
        validityProblem(config.certFile(), chain.get(0), Instant.now()).ifPresent(LOG::warn);
        PrivateKey key = PemFiles.privateKey("key_file", config.keyFile());
        checkPair(config, key, chain.get(0).getPublicKey());
        try {
            KeyStore keyStore = emptyKeyStore();
            keyStore.setKeyEntry(KEY_ALIAS, key, KEY_PASSWORD.toCharArray(), chain.toArray(X509Certificate[]::new));
            Optional<KeyStore> clientCas = Optional.empty();
            if (config.clientCaFile().isPresent()) {
                KeyStore trusted = emptyKeyStore();
                List<X509Certificate> cas = PemFiles.certificates("client_ca_file", config.clientCaFile().get());
                for (int i = 0; i < cas.size(); i++) {
                    trusted.setCertificateEntry("client-ca-" + i, cas.get(i));
                }
                clientCas = Optional.of(trusted);
            }
            return new TlsCredentials(keyStore, clientCas);
        } catch (GeneralSecurityException | IOException e) {
            throw PemFiles.problem("key_file", config.keyFile(), "cannot be used with cert_file " + config.certFile()
                    + " (" + e + ")");
        }
    }

    /**
     * Served all the same (refusing to start would take the metrics away too), but said: every
     * client that checks dates refuses the handshake, and the cause is not obvious from there.
     */
    static Optional<String> validityProblem(Path certFile, X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        String fix = "; clients that check dates will refuse it: replace the file (it is taken without a restart)";
        if (now.isAfter(notAfter)) {
            return Optional.of("cert_file " + certFile + ": the certificate expired at " + notAfter + fix);
        }
        if (now.isBefore(notBefore)) {
            return Optional.of("cert_file " + certFile + ": the certificate is not valid before " + notBefore + fix);
        }
        return Optional.empty();
    }

    /**
     * A key that does not belong to the certificate would only show as failing handshakes; a
     * signature made with the key and checked with the certificate's public key catches it here,
     * for any key type.
     */
    private static void checkPair(TlsConfig config, PrivateKey key, PublicKey certified) throws ConfigException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448: the algorithm signs whole messages
        };
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(PROBE);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false; // a key of another type than the certificate's, typically
        }
        if (!matches) {
            throw PemFiles.problem("key_file", config.keyFile(), "is not the key of the certificate in cert_file "
                    + config.certFile() + "; give the key the certificate was issued for");
        }
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
