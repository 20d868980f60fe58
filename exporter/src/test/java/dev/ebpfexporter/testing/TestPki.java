package dev.ebpfexporter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority made with the {@code openssl} command (package openssl), the
 * tool users make theirs with: an EC P-256 CA, and leaf certificates it signs for servers
 * (SAN 127.0.0.1 and localhost) and clients, with RSA or EC keys in each of openssl's PEM forms.
 * Certificates are valid for one day.
 */
public final class TestPki {
    /** A private key's PEM form: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}). */
    public enum KeyForm { PKCS8, PKCS1, SEC1 }

    public enum KeyType { RSA, EC }

    /** A certificate signed by this CA and its key. */
    public record Leaf(Path cert, Path key) {}

    private final Path dir;
    private final String name;

    private TestPki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** A new CA named {@code name}, its files in {@code dir} (which several CAs may share). */
    public static TestPki create(Path dir, String name) throws IOException, InterruptedException {
        TestPki pki = new TestPki(dir, name);
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", pki.caKey().toString());
        openssl(dir, "req", "-x509", "-new", "-key", pki.caKey().toString(), "-subj", "/CN=" + name, "-days", "1",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", pki.ca().toString());
        return pki;
    }

    /** The CA's certificate (PEM). */
    public Path ca() {
        return dir.resolve(name + "-ca.pem");
    }

    private Path caKey() {
        return dir.resolve(name + "-ca.key");
    }

    /** A server certificate for 127.0.0.1 and localhost. */
    public Leaf server(String leafName, KeyType type, KeyForm form) throws IOException, InterruptedException {
        return issue(leafName, type, form, "subjectAltName=IP:127.0.0.1,DNS:localhost");
    }

    /** A client certificate. */
    public Leaf client(String leafName) throws IOException, InterruptedException {
        return issue(leafName, KeyType.EC, KeyForm.PKCS8, "subjectAltName=DNS:" + leafName);
    }

    private Leaf issue(String leafName, KeyType type, KeyForm form, String extension)
            throws IOException, InterruptedException {
        Path key = dir.resolve(leafName + ".key");
        Path cert = dir.resolve(leafName + ".pem");
        Path request = dir.resolve(leafName + ".csr");
        Path extensions = Files.writeString(dir.resolve(leafName + ".ext"), extension + "\n");
        List<String> keyOptions = type == KeyType.RSA
                ? List.of("-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048")
                : List.of("-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        List<String> genpkey = new ArrayList<>(List.of("genpkey"));
        genpkey.addAll(keyOptions);
        genpkey.addAll(List.of("-out", key.toString()));
        openssl(dir, genpkey.toArray(String[]::new));
        openssl(dir, "req", "-new", "-key", key.toString(), "-subj", "/CN=" + leafName, "-out", request.toString());
        openssl(dir, "x509", "-req", "-in", request.toString(), "-CA", ca().toString(), "-CAkey", caKey().toString(),
                "-set_serial", Long.toString(System.nanoTime()), "-days", "1", "-extfile", extensions.toString(),
                "-out", cert.toString());
        if (form == KeyForm.PKCS8) {
            return new Leaf(cert, key); // what genpkey writes
        }
        Path converted = dir.resolve(leafName + "." + form + ".key");
        if (form == KeyForm.PKCS1) {
            openssl(dir, "rsa", "-in", key.toString(), "-traditional", "-out", converted.toString());
        } else {
            openssl(dir, "ec", "-in", key.toString(), "-out", converted.toString()); // SEC1 is what ec writes
        }
        return new Leaf(cert, converted);
    }

    /** Runs openssl in {@code dir}; a failure throws with its output. */
    public static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
