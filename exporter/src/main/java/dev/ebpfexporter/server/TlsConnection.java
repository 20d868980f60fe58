package dev.ebpfexporter.server;

import dev.ebpfexporter.web.WebSecurity;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;

/** What the connector speaks: HTTP/1.1, either plain or inside TLS whose certificate follows its files. */
final class TlsConnection {
    /** How often the certificate files are read for changes: three small files, a negligible cost. */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);

    private TlsConnection() {}

    /**
     * The connection factories for the connector; with TLS, a reloader joins {@code server}'s life
     * cycle and {@code health} watches it.
     */
    static ConnectionFactory[] factories(Server server, HttpConfiguration http, Optional<WebSecurity.Tls> tls,
            Health health) {
        if (tls.isEmpty()) {
            return new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        ServerSslContextFactory context = new ServerSslContextFactory(tls.get().config(), tls.get().credentials());
        CertificateReloader reloader = new CertificateReloader(tls.get().config(), context, RELOAD_INTERVAL);
        server.addBean(reloader);
        health.watch(reloader);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Scrapers often reach a node by IP or by a name its certificate lacks, with their own
        // server_name; as in Go's server, the SNI name is not held against the certificate.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        return new ConnectionFactory[] {
            new SslConnectionFactory(context, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https)};
    }
}
