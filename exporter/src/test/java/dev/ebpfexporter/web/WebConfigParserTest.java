package dev.ebpfexporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebConfigParserTest {
    private static final String HASH = "$2y$10$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze";

    @TempDir
    Path dir;

    private WebConfig parse(String yaml) throws Exception {
        return WebConfigParser.parse(Files.writeString(dir.resolve("web.yml"), yaml));
    }

    private String error(String yaml) {
        return assertThrows(yaml).getMessage();
    }

    private ConfigException assertThrows(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    @Test
    void everyField() throws Exception {
        String suite = CipherSuites.enabledTls12().get(0);
        WebConfig config = parse("""
                tls_server_config:
                  cert_file: /etc/exporter/server.pem
                  key_file: server.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: certs/ca.pem
                  min_version: TLS13
                  max_version: TLS13
                  cipher_suites: [%s]
                  prefer_server_cipher_suites: false
                http_server_config:
                  headers:
                    X-Frame-Options: deny
                    X-Content-Type-Options: nosniff
                    Strict-Transport-Security: max-age=31536000
                    Content-Security-Policy:
                basic_auth_users:
                  alice: %s
                  bob: $2a$12$%s
                """.formatted(suite, HASH, "a".repeat(53)));

        assertThat(config.tls()).hasValue(new TlsConfig(Path.of("/etc/exporter/server.pem"), dir.resolve("server.key"),
                ClientAuth.RequireAndVerifyClientCert, Optional.of(dir.resolve("certs/ca.pem")), TlsVersion.TLS13,
                TlsVersion.TLS13, List.of(suite)));
        assertThat(config.tls().orElseThrow().protocols()).containsExactly("TLSv1.3");
        assertThat(config.headers()).containsExactly(Map.entry("X-Frame-Options", "deny"),
                Map.entry("X-Content-Type-Options", "nosniff"),
                Map.entry("Strict-Transport-Security", "max-age=31536000"));
        assertThat(config.basicAuthUsers()).containsOnly(Map.entry("alice", HASH),
                Map.entry("bob", "$2a$12$" + "a".repeat(53)));
    }

    @Test
    void defaultsAreTls12To13WithoutClientCertificates() throws Exception {
        TlsConfig tls = parse("tls_server_config: {cert_file: a.pem, key_file: a.key}\n").tls().orElseThrow();

        assertThat(tls.clientAuth()).isEqualTo(ClientAuth.NoClientCert);
        assertThat(tls.clientCaFile()).isEmpty();
        assertThat(tls.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(tls.cipherSuites()).isEmpty();
    }

    @Test
    void relativePathsResolveAgainstTheWebConfigsDirectory() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path file = Files.writeString(sub.resolve("web.yml"), "tls_server_config: {cert_file: a.pem, key_file: ../a.key}\n");

        TlsConfig tls = WebConfigParser.parse(file).tls().orElseThrow();

        assertThat(tls.certFile()).isEqualTo(sub.toAbsolutePath().resolve("a.pem"));
        assertThat(tls.keyFile().normalize()).isEqualTo(dir.toAbsolutePath().resolve("a.key"));
    }

    @Test
    void anEmptyFileConfiguresNothing() throws Exception {
        assertThat(parse("# nothing yet\n")).isEqualTo(new WebConfig(Optional.empty(), Map.of(), Map.of()));
    }

    @Test
    void basicAuthAloneIsValid() throws Exception {
        WebConfig config = parse("basic_auth_users:\n  alice: " + HASH + "\n");

        assertThat(config.tls()).isEmpty();
        assertThat(config.basicAuthUsers()).containsOnlyKeys("alice");
    }

    @Test
    void unknownKeyNamesFileLineAndTheKnownKeys() {
        assertThat(error("tls_server_config:\n  cert_file: a\n  key_file: b\n  keyfile: c\n"))
                .isEqualTo(dir.resolve("web.yml") + ":4:3: tls_server_config.keyfile is not a known field (known:"
                        + " cert_file, key_file, client_auth_type, client_ca_file, min_version, max_version,"
                        + " cipher_suites, prefer_server_cipher_suites)");
        assertThat(error("basic_auth:\n  a: b\n")).contains("web.yml:1:1: basic_auth is not a known field");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rate_limit: {interval: 1s, burst: 2}|rate_limit is an exporter-toolkit setting ebpf-exporter does not support; rate-limit in a proxy",
        "tls_server_config: {cert: x, key_file: k}|tls_server_config.cert is an exporter-toolkit setting ebpf-exporter does not support; write the PEM to a file and name it in cert_file",
        "http_server_config: {http2: false}|http_server_config.http2 is an exporter-toolkit setting ebpf-exporter does not support; remove it",
        "tls_server_config: {cert_file: c, key_file: k, client_allowed_sans: [a]}|client_allowed_sans is an exporter-toolkit setting",
    })
    void exporterToolkitSettingsNotImplementedAreRefusedByName(String yaml, String message) {
        assertThat(error(yaml + "\n")).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tls_server_config: {key_file: k}|:1:1: tls_server_config.cert_file is required",
        "tls_server_config: {cert_file: c}|tls_server_config.key_file is required",
        "tls_server_config: {cert_file: c, key_file: k, client_auth_type: Verify}|client_auth_type (\"Verify\") must be one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert",
        "tls_server_config: {cert_file: c, key_file: k, client_auth_type: RequireAndVerifyClientCert}|client_auth_type RequireAndVerifyClientCert verifies client certificates against client_ca_file: name the PEM file",
        "tls_server_config: {cert_file: c, key_file: k, client_ca_file: ca.pem}|client_ca_file is only used to verify client certificates, and client_auth_type is NoClientCert",
        "tls_server_config: {cert_file: c, key_file: k, min_version: TLS13, max_version: TLS12}|min_version (TLS13) is above max_version (TLS12)",
        "tls_server_config: {cert_file: c, key_file: k, min_version: TLS11}|min_version (TLS11) is not supported: Java disables TLS 1.0 and 1.1; use TLS12 or TLS13",
        "tls_server_config: {cert_file: c, key_file: k, cipher_suites: [TLS_RC4_128_WITH_MAGIC]}|cipher_suites[0] 'TLS_RC4_128_WITH_MAGIC' is not a TLS 1.2 cipher suite this Java runtime enables; use the IANA names of: TLS_",
        "tls_server_config: {cert_file: c, key_file: k, prefer_server_cipher_suites: maybe}|prefer_server_cipher_suites must be true or false",
        "http_server_config: {headers: {X-Powered-By: me}}|http_server_config.headers.X-Powered-By is not a known field (known: Content-Security-Policy, X-Frame-Options",
        "http_server_config: {headers: {X-Frame-Options: allow}}|X-Frame-Options 'allow' is not one of deny, sameorigin",
        "basic_auth_users: {alice: secret}|:1:20: basic_auth_users.alice is not a bcrypt hash ($2a$, $2b$ or $2y$, a cost 04..31, then 53 characters); write the hash, not the password: htpasswd -nBC 10 alice prints user:hash",
        "basic_auth_users: {alice: $2x$10$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze}|basic_auth_users.alice is not a bcrypt hash",
        "basic_auth_users: {alice: $2y$03$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze}|basic_auth_users.alice is not a bcrypt hash",
        "basic_auth_users: {alice: $2y$31$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze}|basic_auth_users.alice has bcrypt cost 31, above the 14 this exporter accepts (a check at cost 14 takes about a second, and each step doubles it); hash the password again with a lower cost: htpasswd -nBC 10 alice",
        "basic_auth_users: {alice: $2y$15$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze}|basic_auth_users.alice has bcrypt cost 15, above the 14",
        "basic_auth_users: {'a:b': $2y$10$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze}|basic_auth_users.a:b is not a usable user name",
        "basic_auth_users: [alice]|basic_auth_users must be a mapping, not a list",
        "tls_server_config: [oops|invalid YAML",
    })
    void invalidValuesNameTheFieldAndWhatToDo(String yaml, String message) {
        assertThat(error(yaml + "\n")).startsWith(dir.resolve("web.yml").toString()).contains(message);
    }

    @Test
    void theShippedExampleParsesAndItsHashIsOfChangeMe() throws Exception {
        Path example = Path.of("../deploy/web-config.example.yml");

        WebConfig config = WebConfigParser.parse(example);

        assertThat(config.tls().orElseThrow().certFile()).isEqualTo(Path.of("/etc/ebpf-exporter/tls/tls.crt"));
        assertThat(config.headers()).containsKeys("X-Content-Type-Options", "X-Frame-Options");
        assertThat(new BasicAuth(config.basicAuthUsers()).check("prometheus", "change me")).isEqualTo(BasicAuth.Outcome.ALLOWED);
    }

    @Test
    void aCost14HashIsTheDearestAccepted() throws Exception {
        String hash = "$2y$14$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze";
        Path web = Files.writeString(dir.resolve("web.yml"), "basic_auth_users: {alice: " + hash + "}\n");

        assertThat(WebConfigParser.parse(web).basicAuthUsers()).containsEntry("alice", hash);
    }

    @Test
    void aFifoOrADeviceAsTheWebConfigIsRefusedWithoutReading() throws Exception {
        Path fifo = dir.resolve("web.fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();

        assertThatThrownBy(() -> WebConfigParser.parse(fifo)).isInstanceOf(ConfigException.class)
                .hasMessage(fifo + ": the web config is a FIFO (named pipe), not a regular file; name the file"
                        + " itself (--web.config.file)");
        assertThatThrownBy(() -> WebConfigParser.parse(Path.of("/dev/zero"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("/dev/zero: the web config is a character device, not a regular file");
    }

    @Test
    void missingFileSaysWhichFlag() {
        Path missing = dir.resolve("absent.yml");
        assertThatThrownBy(() -> WebConfigParser.parse(missing)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(missing + ": the web config cannot be read (java.nio.file.NoSuchFileException")
                .hasMessageEndingWith("fix the path given to --web.config.file or the file's permissions");
    }
}
