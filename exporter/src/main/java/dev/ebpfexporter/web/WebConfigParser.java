package dev.ebpfexporter.web;

import dev.ebpfexporter.config.ConfigException;
import dev.ebpfexporter.config.YamlMapping;
import dev.ebpfexporter.config.YamlValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses a {@code --web.config.file} in exporter-toolkit's format, strictly: unknown keys, wrong
 * types and values the exporter cannot honour are errors naming {@code file:line:column} and the
 * field path. exporter-toolkit settings this exporter does not implement are refused by name with
 * what to do instead, rather than silently ignored, since each of them narrows who may connect.
 */
public final class WebConfigParser {
    private static final List<String> TOP_LEVEL_KEYS =
            List.of("tls_server_config", "http_server_config", "basic_auth_users");
    private static final List<String> TLS_KEYS = List.of("cert_file", "key_file", "client_auth_type", "client_ca_file",
            "min_version", "max_version", "cipher_suites", "prefer_server_cipher_suites");
    private static final List<String> HTTP_KEYS = List.of("headers");
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "rate_limit", "rate-limit in a proxy in front of the exporter",
            "cert", "write the PEM to a file and name it in cert_file",
            "key", "write the PEM to a file and name it in key_file",
            "client_ca", "write the PEM to a file and name it in client_ca_file",
            "client_allowed_sans", "issue the allowed clients' certificates from a CA of their own and name it in"
                    + " client_ca_file",
            "curve_preferences", "remove it; the Java runtime's groups apply (system property jdk.tls.namedGroups)",
            "http2", "remove it; the exporter serves HTTP/1.1");
    /** The headers exporter-toolkit lets a web config set; it refuses any other. */
    private static final List<String> HEADERS = List.of("Content-Security-Policy", "X-Frame-Options",
            "X-Content-Type-Options", "X-XSS-Protection", "Strict-Transport-Security");
    private static final Map<String, Set<String>> HEADER_VALUES = Map.of(
            "X-Frame-Options", Set.of("deny", "sameorigin"),
            "X-Content-Type-Options", Set.of("nosniff"));
    /** What htpasswd -B, Go's bcrypt and OpenBSD write: version, cost 04..31, 22 + 31 characters of salt and hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    private WebConfigParser() {}

    /** Reads and parses {@code file}; a file with no document configures nothing (plain HTTP, no auth). */
    public static WebConfig parse(Path file) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": the web config cannot be read (" + e + "); fix the path given to"
                    + " --web.config.file or the file's permissions", e);
        }
        return parse(file, yaml);
    }

    static WebConfig parse(Path file, String yaml) throws ConfigException {
        Optional<YamlValue> document = YamlValue.parseOptionalDocument(file.toString(), yaml);
        if (document.isEmpty()) {
            return new WebConfig(Optional.empty(), Map.of(), Map.of());
        }
        YamlMapping top = known(document.get().mapping(), TOP_LEVEL_KEYS);
        Path directory = file.toAbsolutePath().getParent();
        Optional<YamlMapping> tlsSection = section(top, "tls_server_config", TLS_KEYS);
        Optional<TlsConfig> tls =
                tlsSection.isPresent() ? Optional.of(tls(tlsSection.get(), directory)) : Optional.empty();
        Optional<YamlValue> headersValue =
                section(top, "http_server_config", HTTP_KEYS).flatMap(http -> http.optional("headers"));
        Map<String, String> headers = headersValue.isPresent() ? headers(headersValue.get().mapping()) : Map.of();
        Optional<YamlValue> usersValue = top.optional("basic_auth_users");
        Map<String, String> users = usersValue.isPresent() ? users(usersValue.get().mapping()) : Map.of();
        return new WebConfig(tls, users, headers);
    }

    /** The mapping under {@code key}, if given, with only {@code keys} in it. */
    private static Optional<YamlMapping> section(YamlMapping parent, String key, List<String> keys)
            throws ConfigException {
        Optional<YamlValue> value = parent.optional(key);
        return value.isPresent() ? Optional.of(known(value.get().mapping(), keys)) : Optional.empty();
    }

    /** Refuses exporter-toolkit's settings this exporter lacks by name, then any other unknown key. */
    private static YamlMapping known(YamlMapping mapping, List<String> keys) throws ConfigException {
        for (Map.Entry<String, YamlValue> entry : mapping.entries().entrySet()) {
            String instead = UNSUPPORTED.get(entry.getKey());
            if (instead != null) {
                throw entry.getValue().error(
                        "is an exporter-toolkit setting ebpf-exporter does not support; " + instead);
            }
        }
        return mapping.allowOnly(keys);
    }

    private static TlsConfig tls(YamlMapping tls, Path directory) throws ConfigException {
        Path certFile = path(tls.required("cert_file"), directory);
        Path keyFile = path(tls.required("key_file"), directory);
        ClientAuth clientAuth = ClientAuth.NoClientCert;
        Optional<YamlValue> clientAuthValue = tls.optional("client_auth_type");
        if (clientAuthValue.isPresent()) {
            clientAuth = named(clientAuthValue.get(), ClientAuth.class);
        }
        Optional<YamlValue> caValue = tls.optional("client_ca_file");
        if (clientAuth.verifies() && caValue.isEmpty()) {
            throw clientAuthValue.orElseThrow().error(clientAuth + " verifies client certificates against"
                    + " client_ca_file: name the PEM file of the CA that issues them");
        }
        if (!clientAuth.verifies() && caValue.isPresent()) {
            throw caValue.get().error("is only used to verify client certificates, and client_auth_type is "
                    + clientAuth + "; set client_auth_type: RequireAndVerifyClientCert (or VerifyClientCertIfGiven),"
                    + " or remove client_ca_file");
        }
        Optional<Path> clientCaFile =
                caValue.isPresent() ? Optional.of(path(caValue.get(), directory)) : Optional.empty();
        TlsVersion min = version(tls.optional("min_version"), TlsVersion.TLS12);
        TlsVersion max = version(tls.optional("max_version"), TlsVersion.TLS13);
        if (min.compareTo(max) > 0) {
            throw tls.required("min_version").error("(" + min + ") is above max_version (" + max + ")");
        }
        Optional<YamlValue> suitesValue = tls.optional("cipher_suites");
        List<String> cipherSuites = suitesValue.isPresent() ? cipherSuites(suitesValue.get()) : List.of();
        // Go ignores prefer_server_cipher_suites since 1.18 and so does Jetty's default (server order):
        // it is checked to be a boolean so that old files keep loading.
        Optional<YamlValue> prefer = tls.optional("prefer_server_cipher_suites");
        if (prefer.isPresent()) {
            prefer.get().bool();
        }
        return new TlsConfig(certFile, keyFile, clientAuth, clientCaFile, min, max, cipherSuites);
    }

    /** exporter-toolkit resolves relative paths against the web config's directory, so the file can move with them. */
    private static Path path(YamlValue value, Path directory) throws ConfigException {
        return directory.resolve(value.string());
    }

    private static TlsVersion version(Optional<YamlValue> value, TlsVersion byDefault) throws ConfigException {
        if (value.isEmpty()) {
            return byDefault;
        }
        if (Set.of("TLS10", "TLS11").contains(value.get().string())) {
            throw value.get().error("(" + value.get().string() + ") is not supported: Java disables TLS 1.0 and 1.1;"
                    + " use TLS12 or TLS13");
        }
        return named(value.get(), TlsVersion.class);
    }

    private static <E extends Enum<E>> E named(YamlValue value, Class<E> type) throws ConfigException {
        String name = value.string();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw value.error("'" + name + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** Each must be a TLS 1.2 suite the Java runtime enables by default, by its IANA name (which Go uses too). */
    private static List<String> cipherSuites(YamlValue value) throws ConfigException {
        List<String> enabled = CipherSuites.enabledTls12();
        List<String> suites = new ArrayList<>();
        for (YamlValue item : value.sequence()) {
            String suite = item.string();
            if (!enabled.contains(suite)) {
                throw item.error("'" + suite + "' is not a TLS 1.2 cipher suite this Java runtime enables; use the"
                        + " IANA names of: " + String.join(", ", enabled));
            }
            suites.add(suite);
        }
        if (suites.isEmpty()) {
            throw value.error("is empty; list cipher suites or remove the key for the defaults");
        }
        return suites;
    }

    private static Map<String, String> headers(YamlMapping headers) throws ConfigException {
        headers.allowOnly(HEADERS);
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : HEADERS) {
            Optional<YamlValue> value = headers.optional(name); // blank leaves the header unset, as in exporter-toolkit
            if (value.isEmpty()) {
                continue;
            }
            String text = value.get().string();
            Set<String> allowed = HEADER_VALUES.get(name);
            if (allowed != null && !allowed.contains(text.toLowerCase(Locale.ROOT))) {
                throw value.get().error(
                        "'" + text + "' is not one of " + String.join(", ", allowed.stream().sorted().toList()));
            }
            result.put(name, text);
        }
        return result;
    }

    private static Map<String, String> users(YamlMapping users) throws ConfigException {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, YamlValue> entry : users.entries().entrySet()) {
            String user = entry.getKey();
            if (user.isEmpty() || user.contains(":")) {
                throw entry.getValue().error("is not a usable user name: basic auth sends user:password, so a name"
                        + " must be non-empty and have no ':'");
            }
            String hash = entry.getValue().string();
            if (!BCRYPT.matcher(hash).matches()) {
                throw entry.getValue().error("is not a bcrypt hash ($2a$, $2b$ or $2y$, a cost 04..31, then 53"
                        + " characters); write the hash, not the password: htpasswd -nBC 10 " + user
                        + " prints user:hash");
            }
            result.put(user, hash);
        }
        return result;
    }
}
