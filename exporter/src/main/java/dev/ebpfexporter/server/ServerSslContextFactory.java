package dev.ebpfexporter.server;

import dev.ebpfexporter.web.CipherSuites;
import dev.ebpfexporter.web.ClientAuth;
import dev.ebpfexporter.web.TlsConfig;
import dev.ebpfexporter.web.TlsCredentials;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's server TLS set up from a web config's {@code tls_server_config}, with the key and the
 * client CAs from in-memory key stores, which {@link #use} swaps on reload.
 */
final class ServerSslContextFactory extends SslContextFactory.Server {
    private final ClientAuth clientAuth;

    ServerSslContextFactory(TlsConfig config, TlsCredentials credentials) {
        clientAuth = config.clientAuth();
        setNeedClientAuth(clientAuth.requires());
        setWantClientAuth(clientAuth.requests());
        setIncludeProtocols(config.protocols().toArray(String[]::new));
        if (!config.cipherSuites().isEmpty()) {
            // Replaces Jetty's default exclusions too: the listed suites are exactly what is wanted.
            setExcludeCipherSuites(CipherSuites.notChosen(config.cipherSuites()).toArray(String[]::new));
        }
        setCertAlias(TlsCredentials.KEY_ALIAS);
        setKeyManagerPassword(TlsCredentials.KEY_PASSWORD);
        use(credentials);
    }

    /** Takes these credentials at the next (re)load. */
    void use(TlsCredentials credentials) {
        setKeyStore(credentials.keyStore());
        credentials.clientCas().ifPresent(this::setTrustStore);
    }

    /**
     * Verifying modes check client certificates against {@code client_ca_file}; the others take
     * whatever certificate comes, as Go's RequestClientCert and RequireAnyClientCert do (without
     * this, Jetty would fall back on the JDK's public CAs, or on the key store).
     */
    @Override
    protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) throws Exception {
        return clientAuth.verifies() ? super.getTrustManagers(trustStore, crls) : TRUST_ALL_CERTS;
    }
}
