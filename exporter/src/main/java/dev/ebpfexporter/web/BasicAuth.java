package dev.ebpfexporter.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Checks basic-auth credentials against {@code basic_auth_users}' bcrypt hashes.
 *
 * <p>bcrypt is slow on purpose (about 75 ms at cost 10 on a 2-vCPU VM), and Prometheus sends the same
 * credentials with every scrape. So once a password has passed bcrypt, a salted SHA-256 of it is
 * kept per user, and later requests compare digests in constant time ({@link MessageDigest#isEqual})
 * instead. A wrong password never matches the digest and pays for bcrypt again, as does an unknown
 * user, checked against a hash of the same cost, so that timing tells neither whether a user
 * exists nor how close a guess was. Only successes are kept, at most one digest per user: the
 * cache cannot grow, a changed password simply misses it, and no failure can lock the right
 * password out.
 *
 * <p>bcrypt runs one check at a time, so a flood of bad credentials holds one core, not all of
 * them; and at most {@value #BCRYPT_SLOTS} requests may hold a slot for it (running or waiting its
 * turn). A request that finds every slot taken is answered {@link Outcome#BUSY} at once instead of
 * waiting: a flood of wrong passwords then occupies at most that many HTTP threads, and a scraper
 * whose password is cached is served by the others without queueing behind bcrypt work.
 */
public final class BasicAuth {
    /** Requests that may be in bcrypt at once, the one running and one waiting: fewer than the HTTP threads. */
    static final int BCRYPT_SLOTS = 2;
    private static final int SALT_BYTES = 16;

    /** What a check of credentials found. */
    public enum Outcome {
        ALLOWED,
        DENIED,
        /** Not checked: bcrypt's slots were all taken; the client may retry shortly. */
        BUSY
    }

    private final Map<String, String> hashes;
    private final String unknownUserHash;
    private final byte[] digestSalt = new byte[SALT_BYTES];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final Semaphore bcryptSlots = new Semaphore(BCRYPT_SLOTS);
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
        return hashes.values().stream().map(WebConfig::bcryptCost)
                .max(Comparator.naturalOrder()).orElseThrow();
    }

    /** Whether {@code user} exists and {@code password} is theirs, or {@link Outcome#BUSY} when that cannot be checked now. */
    public Outcome check(String user, String password) {
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_8);
        byte[] digest = digest(passwordBytes);
        String hash = hashes.get(user);
        if (hash != null && MessageDigest.isEqual(digest, verified.getOrDefault(user, new byte[0]))) {
            return Outcome.ALLOWED;
        }
        if (!bcryptSlots.tryAcquire()) {
            return Outcome.BUSY;
        }
        boolean matches;
        try {
            synchronized (bcryptLock) {
                matches = OpenBSDBCrypt.checkPassword(hash != null ? hash : unknownUserHash, passwordBytes);
            }
        } finally {
            bcryptSlots.release();
        }
        if (hash == null || !matches) {
            return Outcome.DENIED;
        }
        verified.put(user, digest);
        return Outcome.ALLOWED;
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
