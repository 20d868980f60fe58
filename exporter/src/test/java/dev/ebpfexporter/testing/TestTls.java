package dev.ebpfexporter.testing;

import dev.ebpfexporter.web.ClientAuth;
import dev.ebpfexporter.web.TlsConfig;
import dev.ebpfexporter.web.TlsCredentials;
import dev.ebpfexporter.web.TlsVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS clients for tests: trusting exactly one CA, optionally presenting a client certificate. */
public final class TestTls {
    private TestTls() {}

    /** A TLS settings block with defaults, for the server side of a test. */
    public static TlsConfig serverConfig(TestPki.Leaf server) {
        return new TlsConfig(server.cert(), server.key(), ClientAuth.NoClientCert, Optional.empty(), TlsVersion.TLS12,
                TlsVersion.TLS13, List.of());
    }

    /** A client context trusting only {@code ca}, presenting {@code client} when the server asks. */
    public static SSLContext clientContext(Path ca, Optional<TestPki.Leaf> client) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trusted.setCertificateEntry("ca", certificate);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        if (client.isPresent()) {
            // The exporter's own PEM reading makes the client's key store too.
            keys.init(TlsCredentials.load(serverConfig(client.get())).keyStore(), TlsCredentials.KEY_PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(client.isPresent() ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
        return context;
    }
}
