package dev.ebpfexporter.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Checks basic-auth credentials against {@code basic_auth_users}' bcrypt hashes.
 *
 * <p>bcrypt is slow on purpose (about 75 ms at cost 10 here), and Prometheus sends the same
 * credentials with every scrape. So once a password has passed bcrypt, a salted SHA-256 of it is
 * kept per user, and later requests compare digests in constant time ({@link MessageDigest#isEqual})
 * instead. A wrong password never matches the digest and pays for bcrypt again, as does an unknown
 * user, checked against a hash of the same cost, so that timing tells neither whether a user
 * exists nor how close a guess was. Only successes are kept, at most one digest per user: the
 * cache cannot grow and a changed password simply misses it. bcrypt runs one check at a time, so
 * a flood of bad credentials holds one core, not all of them.
 */
public final class BasicAuth {
    private static final int SALT_BYTES = 16;

    private final Map<String, String> hashes;
    private final String unknownUserHash;
    private final byte[] digestSalt = new byte[SALT_BYTES];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final Object bcryptLock = new Object();

    /** @param hashes user name → bcrypt hash, not empty (the parser has checked each hash's form) */
    public BasicAuth(Map<String, String> hashes) {
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("basic auth needs at least one user");
        }
        this.hashes = Map.copyOf(hashes);
        SecureRandom random = new SecureRandom();
        random.nextBytes(digestSalt);
        byte[] unguessable = new byte[SALT_BYTES];
        random.nextBytes(unguessable);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        this.unknownUserHash = OpenBSDBCrypt.generate("2y", unguessable, salt, highestCost(this.hashes));
    }

    /** The cost of the dearest hash: an unknown user takes at least as long as any real one. */
    private static int highestCost(Map<String, String> hashes) {
        // $2y$10$...: the cost is the two digits after the version.
        return hashes.values().stream().map(hash -> Integer.parseInt(hash.substring(4, 6)))
                .max(Comparator.naturalOrder()).orElseThrow();
    }

    /** Whether {@code user} exists and {@code password} is theirs. */
    public boolean allows(String user, String password) {
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_8);
        byte[] digest = digest(passwordBytes);
        String hash = hashes.get(user);
        if (hash != null && MessageDigest.isEqual(digest, verified.getOrDefault(user, new byte[0]))) {
            return true;
        }
        boolean matches;
        synchronized (bcryptLock) {
            matches = OpenBSDBCrypt.checkPassword(hash != null ? hash : unknownUserHash, passwordBytes);
        }
        if (hash == null || !matches) {
            return false;
        }
        verified.put(user, digest);
        return true;
    }

    private byte[] digest(byte[] password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(digestSalt);
            return sha256.digest(password);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
