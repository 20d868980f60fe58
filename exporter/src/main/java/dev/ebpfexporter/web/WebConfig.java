package dev.ebpfexporter.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ebpfexporter.config.InvalidField;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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
    private static final String HEADERS_PATH = "http_server_config.headers.";
    /** The headers exporter-toolkit lets a web config set; it refuses any other. */
    private static final List<String> HEADERS = List.of("Content-Security-Policy", "X-Frame-Options",
            "X-Content-Type-Options", "X-XSS-Protection", "Strict-Transport-Security");
    private static final Map<String, Set<String>> HEADER_VALUES = Map.of(
            "X-Frame-Options", Set.of("deny", "sameorigin"),
            "X-Content-Type-Options", Set.of("nosniff"));
    /** What htpasswd -B, Go's bcrypt and OpenBSD write: version, cost 04..31, 22 + 31 characters of salt and hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    /**
     * The dearest bcrypt cost accepted. Each step doubles a check: cost 10 takes about 75 ms on one
     * core, 14 about 1.2 s, 31 days. The unknown-user hash is made at the dearest cost at start-up
     * and every wrong password pays it, so a cost beyond this would hang start-up and the login.
     */
    public static final int MAX_BCRYPT_COST = 14;

    public WebConfig {
        basicAuthUsers.forEach(WebConfig::checkUser);
        headers.forEach(WebConfig::checkHeader);
        basicAuthUsers = Map.copyOf(basicAuthUsers);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** exporter-toolkit's sections as written; the headers section's blank values leave their header unset. */
    @JsonCreator
    static WebConfig fromYaml(
            @JsonProperty("tls_server_config") Optional<TlsConfig> tls,
            @JsonProperty("http_server_config") Optional<HttpServerConfig> http,
            @JsonProperty("basic_auth_users") Map<String, String> basicAuthUsers) {
        Map<String, String> headers = new LinkedHashMap<>();
        http.ifPresent(section -> section.headers().forEach((name, value) -> {
            if (value != null) {
                headers.put(name, value);
            }
        }));
        return new WebConfig(tls, basicAuthUsers, headers);
    }

    /** {@code http_server_config}: exporter-toolkit also has {@code http2}, refused by name. */
    record HttpServerConfig(Map<String, String> headers) {}

    private static void checkUser(String user, String hash) {
        if (user.isEmpty() || user.contains(":")) {
            throw new InvalidField("basic_auth_users." + user, "is not a usable user name: basic auth sends"
                    + " user:password, so a name must be non-empty and have no ':'");
        }
        if (!BCRYPT.matcher(hash).matches()) {
            throw new InvalidField("basic_auth_users." + user, "is not a bcrypt hash ($2a$, $2b$ or $2y$, a cost"
                    + " 04..31, then 53 characters); write the hash, not the password: htpasswd -nBC 10 " + user
                    + " prints user:hash");
        }
        int cost = bcryptCost(hash);
        if (cost > MAX_BCRYPT_COST) {
            throw new InvalidField("basic_auth_users." + user, "has bcrypt cost " + cost + ", above the "
                    + MAX_BCRYPT_COST + " this exporter accepts (a check at cost 14 takes about a second, and each"
                    + " step doubles it); hash the password again with a lower cost: htpasswd -nBC 10 " + user);
        }
    }

    /** The two digits after the version of a hash of {@link #BCRYPT}'s form: {@code $2y$10$…} is 10. */
    static int bcryptCost(String hash) {
        return Integer.parseInt(hash.substring(4, 6));
    }

    private static void checkHeader(String name, String value) {
        if (!HEADERS.contains(name)) {
            throw new InvalidField(HEADERS_PATH + name, "is not a known field (known: " + String.join(", ", HEADERS) + ")");
        }
        Set<String> allowed = HEADER_VALUES.get(name);
        if (allowed != null && !allowed.contains(value.toLowerCase(Locale.ROOT))) {
            throw new InvalidField(HEADERS_PATH + name,
                    "'" + value + "' is not one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }
}
