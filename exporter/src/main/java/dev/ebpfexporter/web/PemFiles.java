package dev.ebpfexporter.web;

import dev.ebpfexporter.config.BoundedFile;
import dev.ebpfexporter.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Certificates and private keys in the PEM files openssl, cert-manager and Go write. Certificates
 * go through the JDK; keys through BouncyCastle's PEM parser, which reads all three unencrypted
 * forms: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1
 * ({@code EC PRIVATE KEY}, possibly after an {@code EC PARAMETERS} block). Each error names the
 * setting and the file.
 */
final class PemFiles {
    private PemFiles() {}

    /** Every certificate of the file, in order: for a server, its own first, then the chain. */
    static List<X509Certificate> certificates(String setting, Path file) throws ConfigException {
        try (InputStream in = new ByteArrayInputStream(read(setting, file))) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw problem(setting, file, "holds no certificate; give a PEM file with"
                        + " -----BEGIN CERTIFICATE----- blocks");
            }
            return certificates;
        } catch (IOException e) {
            throw unreadable(setting, file, e);
        } catch (CertificateException e) {
            throw problem(setting, file, "is not a PEM certificate file (" + e.getMessage() + "); give a file with"
                    + " -----BEGIN CERTIFICATE----- blocks");
        }
    }

    static PrivateKey privateKey(String setting, Path file) throws ConfigException {
        String pem = new String(read(setting, file), StandardCharsets.US_ASCII);
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo pkcs8) {
                    return new JcaPEMKeyConverter().getPrivateKey(pkcs8);
                }
                if (object instanceof PEMKeyPair pair) {
                    return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
                }
                if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                    throw problem(setting, file, "is encrypted, and the exporter has no passphrase to open it;"
                            + " store it unencrypted, readable only by the exporter"
                            + " (openssl pkey -in KEY -out KEY.plain)");
                }
                // Anything else (EC PARAMETERS, a certificate in the same file) is not the key: read on.
            }
        } catch (IOException e) {
            throw problem(setting, file, "is not a readable PEM file (" + e.getMessage() + ")");
        }
        throw problem(setting, file, "holds no private key; give a PEM file with a -----BEGIN PRIVATE KEY-----,"
                + " RSA PRIVATE KEY or EC PRIVATE KEY block");
    }

    /** The file's bytes, bounded as every file the exporter reads ({@link BoundedFile}). */
    static byte[] read(String setting, Path file) throws ConfigException {
        try {
            return BoundedFile.read(file, BoundedFile.PEM_LIMIT);
        } catch (BoundedFile.Refused e) {
            throw problem(setting, file, e.getMessage());
        } catch (IOException e) {
            throw unreadable(setting, file, e);
        }
    }

    private static ConfigException unreadable(String setting, Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "there is no such file" : e.toString();
        return problem(setting, file, "cannot be read (" + why + "); fix the path (a relative one is resolved"
                + " against the web config's directory) or the file's permissions");
    }

    static ConfigException problem(String setting, Path file, String problem) {
        return new ConfigException("tls_server_config." + setting + " " + file + " " + problem);
    }
}
