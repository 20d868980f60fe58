package dev.ebpfexporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.config.ConfigException;
import dev.ebpfexporter.testing.TestPki;
import dev.ebpfexporter.testing.TestPki.KeyForm;
import dev.ebpfexporter.testing.TestPki.KeyType;
import dev.ebpfexporter.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PEM files made by openssl, in every key form it writes. */
class TlsCredentialsTest {
    @TempDir
    static Path dir;
    private static TestPki pki;
    private static TestPki.Leaf rsa;

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(dir, "test");
        rsa = pki.server("rsa", KeyType.RSA, KeyForm.PKCS8);
    }

    @ParameterizedTest
    @CsvSource({"RSA, PKCS8", "RSA, PKCS1", "EC, PKCS8", "EC, SEC1"})
    void readsEveryKeyForm(KeyType type, KeyForm form) throws Exception {
        TestPki.Leaf leaf = pki.server(type + "-" + form, type, form);
        assertThat(Files.readString(leaf.key())).startsWith(switch (form) {
            case PKCS8 -> "-----BEGIN PRIVATE KEY-----";
            case PKCS1 -> "-----BEGIN RSA PRIVATE KEY-----";
            case SEC1 -> "-----BEGIN EC PRIVATE KEY-----";
        });

        TlsCredentials credentials = TlsCredentials.load(TestTls.serverConfig(leaf));

        assertThat(credentials.keyStore().getKey(TlsCredentials.KEY_ALIAS, TlsCredentials.KEY_PASSWORD.toCharArray())
                .getAlgorithm()).isEqualTo(type.name());
        assertThat(credentials.clientCas()).isEmpty();
    }

    @Test
    void aCertificateOutsideItsValidityIsSaidWithTheDate() throws Exception {
        X509Certificate certificate = (X509Certificate) TlsCredentials.load(TestTls.serverConfig(rsa)).keyStore()
                .getCertificate(TlsCredentials.KEY_ALIAS);
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant notBefore = certificate.getNotBefore().toInstant();

        assertThat(TlsCredentials.validityProblem(rsa.cert(), certificate, notBefore.plusSeconds(1))).isEmpty();
        assertThat(TlsCredentials.validityProblem(rsa.cert(), certificate, notAfter.plusSeconds(1))).contains(
                "cert_file " + rsa.cert() + ": the certificate expired at " + notAfter + "; clients that check dates"
                        + " will refuse it: replace the file (it is taken without a restart)");
        assertThat(TlsCredentials.validityProblem(rsa.cert(), certificate, notBefore.minusSeconds(1)).orElseThrow())
                .startsWith("cert_file " + rsa.cert() + ": the certificate is not valid before " + notBefore);
    }

    @Test
    void keepsTheWholeChainAndTheClientCas() throws Exception {
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(rsa.cert()) + Files.readString(pki.ca()));
        TlsConfig config = new TlsConfig(chain, rsa.key(), ClientAuth.RequireAndVerifyClientCert, Optional.of(pki.ca()),
                TlsVersion.TLS12, TlsVersion.TLS13, List.of());

        TlsCredentials credentials = TlsCredentials.load(config);

        assertThat(credentials.keyStore().getCertificateChain(TlsCredentials.KEY_ALIAS)).hasSize(2);
        X509Certificate ca = (X509Certificate) credentials.clientCas().orElseThrow().getCertificate("client-ca-0");
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=test");
    }

    @Test
    void missingCertificateNamesSettingFileAndFix() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> TlsCredentials.load(TestTls.serverConfig(new TestPki.Leaf(missing, rsa.key()))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tls_server_config.cert_file " + missing + " cannot be read (there is no such file); fix the"
                        + " path (a relative one is resolved against the web config's directory) or the file's"
                        + " permissions");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        TestPki.Leaf other = pki.server("other", KeyType.EC, KeyForm.SEC1);
        assertThatThrownBy(() -> TlsCredentials.load(TestTls.serverConfig(new TestPki.Leaf(rsa.cert(), other.key()))))
                .hasMessage("tls_server_config.key_file " + other.key() + " is not the key of the certificate in"
                        + " cert_file " + rsa.cert() + "; give the key the certificate was issued for");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() throws Exception {
        Path encrypted = dir.resolve("encrypted.key");
        TestPki.openssl(dir, "pkey", "-in", rsa.key().toString(), "-aes256", "-passout", "pass:x", "-out",
                encrypted.toString());
        assertThatThrownBy(() -> TlsCredentials.load(TestTls.serverConfig(new TestPki.Leaf(rsa.cert(), encrypted))))
                .hasMessageContaining("key_file " + encrypted + " is encrypted")
                .hasMessageContaining("openssl pkey -in KEY -out KEY.plain");
    }

    @Test
    void filesWithoutTheExpectedBlocksAreNamed() throws Exception {
        Path text = Files.writeString(dir.resolve("text.pem"), "not PEM at all\n");
        assertThatThrownBy(() -> TlsCredentials.load(TestTls.serverConfig(new TestPki.Leaf(rsa.cert(), rsa.cert()))))
                .hasMessage("tls_server_config.key_file " + rsa.cert() + " holds no private key; give a PEM file with a"
                        + " -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY block");
        assertThatThrownBy(() -> TlsCredentials.load(TestTls.serverConfig(new TestPki.Leaf(text, rsa.key()))))
                .hasMessageStartingWith("tls_server_config.cert_file " + text + " ");
    }
}
