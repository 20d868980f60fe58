package dev.ebpfexporter.web;

import dev.ebpfexporter.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How the HTTP server protects what it serves, from a {@code --web.config.file}: TLS with the
 * credentials already read and checked, basic auth, extra response headers. {@link #none()} is
 * plain HTTP, open to anyone, as without the flag.
 *
 * @param tls empty for plain HTTP
 * @param basicAuth empty when no user is configured
 * @param headers added to every response
 */
public record WebSecurity(Optional<Tls> tls, Optional<BasicAuth> basicAuth, Map<String, String> headers) {
    /** TLS settings with the credentials they named, read at start; the server re-reads them when the files change. */
    public record Tls(TlsConfig config, TlsCredentials credentials) {}

    public WebSecurity {
        headers = Map.copyOf(headers);
    }

    public static WebSecurity none() {
        return new WebSecurity(Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * Parses {@code file} and reads every certificate and key it names, so that a mistake stops the
     * daemon before anything else starts. Every message begins with {@code file}.
     */
    public static WebSecurity load(Path file) throws ConfigException {
        WebConfig config = WebConfigParser.parse(file);
        Optional<Tls> tls = Optional.empty();
        if (config.tls().isPresent()) {
            try {
                tls = Optional.of(new Tls(config.tls().get(), TlsCredentials.load(config.tls().get())));
            } catch (ConfigException e) {
                throw new ConfigException(file + ": " + e.getMessage(), e);
            }
        }
        Optional<BasicAuth> basicAuth = config.basicAuthUsers().isEmpty()
                ? Optional.empty()
                : Optional.of(new BasicAuth(config.basicAuthUsers()));
        return new WebSecurity(tls, basicAuth, config.headers());
    }

    /** {@code https} or {@code http}, for messages. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }
}
