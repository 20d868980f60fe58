package dev.ebpfexporter.web;

import com.fasterxml.jackson.databind.InjectableValues;
import dev.ebpfexporter.config.BoundedFile;
import dev.ebpfexporter.config.ConfigException;
import dev.ebpfexporter.config.YamlDocument;
import dev.ebpfexporter.config.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses a {@code --web.config.file} in exporter-toolkit's format into a {@link WebConfig}, strictly
 * (see {@link YamlReader}): unknown keys, wrong types and values the exporter cannot honour are
 * errors naming {@code file:line:column} and the field path. exporter-toolkit settings this exporter
 * does not implement are refused by name with what to do instead, rather than silently ignored,
 * since each of them narrows who may connect.
 */
public final class WebConfigParser {
    private static final String UNSUPPORTED = "is an exporter-toolkit setting ebpf-exporter does not support; ";
    /** Blank header values leave the header unset, as in exporter-toolkit. */
    private static final YamlReader READER = new YamlReader(Map.of(
            "rate_limit", UNSUPPORTED + "rate-limit in a proxy in front of the exporter",
            "cert", UNSUPPORTED + "write the PEM to a file and name it in cert_file",
            "key", UNSUPPORTED + "write the PEM to a file and name it in key_file",
            "client_ca", UNSUPPORTED + "write the PEM to a file and name it in client_ca_file",
            "client_allowed_sans", UNSUPPORTED + "issue the allowed clients' certificates from a CA of their own"
                    + " and name it in client_ca_file",
            "curve_preferences", UNSUPPORTED + "remove it; the Java runtime's groups apply (system property"
                    + " jdk.tls.namedGroups)",
            "http2", UNSUPPORTED + "remove it; the exporter serves HTTP/1.1"),
            Set.of("http_server_config.headers"));

    private WebConfigParser() {}

    /** Reads and parses {@code file}; a file with no document configures nothing (plain HTTP, no auth). */
    public static WebConfig parse(Path file) throws ConfigException {
        String yaml;
        try {
            yaml = new String(BoundedFile.read(file, BoundedFile.YAML_LIMIT), StandardCharsets.UTF_8);
        } catch (BoundedFile.Refused e) {
            throw new ConfigException(file + ": the web config " + e.getMessage() + " (--web.config.file)", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": the web config cannot be read (" + e + "); fix the path given to"
                    + " --web.config.file or the file's permissions", e);
        }
        return parse(file, yaml);
    }

    static WebConfig parse(Path file, String yaml) throws ConfigException {
        // exporter-toolkit resolves relative paths against the web config's directory, so the file can move with them.
        InjectableValues directory =
                new InjectableValues.Std().addValue(TlsConfig.DIRECTORY, file.toAbsolutePath().getParent());
        return READER.read(file.toString(), yaml, WebConfig.class, directory).map(YamlDocument::value)
                .orElse(new WebConfig(Optional.empty(), Map.of(), Map.of()));
    }
}
