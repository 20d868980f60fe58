package dev.ebpfexporter.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code --web.config.file}: exporter-toolkit's web-config.yml format, the part this
 * exporter implements.
 *
 * @param tls empty for plain HTTP
 * @param basicAuthUsers user name → bcrypt hash; empty for no basic auth
 * @param headers response headers added to every answer, in file order
 */
public record WebConfig(Optional<TlsConfig> tls, Map<String, String> basicAuthUsers,
        Map<String, String> headers) {
    public WebConfig {
        basicAuthUsers = Map.copyOf(basicAuthUsers);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
