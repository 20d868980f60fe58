package dev.ebpfexporter.testing;

import dev.ebpfexporter.web.ClientAuth;
import dev.ebpfexporter.web.TlsConfig;
import dev.ebpfexporter.web.TlsCredentials;
import dev.ebpfexporter.web.TlsVersion;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

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
        KeyManager[] keys = null;
        if (client.isPresent()) {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            // The exporter's own PEM reading makes the client's key store too.
            factory.init(TlsCredentials.load(serverConfig(client.get())).keyStore(),
                    TlsCredentials.KEY_PASSWORD.toCharArray());
            keys = new KeyManager[] {new AlwaysPresent((X509ExtendedKeyManager) factory.getKeyManagers()[0])};
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust.getTrustManagers(), null);
        return context;
    }

    /**
     * Presents the client certificate even when its issuer is not among those the server names,
     * as curl and Go do; the JDK's own key manager would quietly send none, and a test of the
     * server's verification would then test nothing.
     */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        AlwaysPresent(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return TlsCredentials.KEY_ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return TlsCredentials.KEY_ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }
}
