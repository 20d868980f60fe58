package dev.ebpfexporter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

/**
 * bcrypt at cost 10 takes tens of milliseconds on any machine this runs on, a digest comparison
 * microseconds: the timings below tell which path a check took with a wide margin either way.
 */
class BasicAuthTest {
    private static final long BCRYPT_MIN_NANOS = 10_000_000;
    private static final long CACHED_MAX_NANOS = 5_000_000;

    private static String hash(String version, String password) {
        byte[] salt = new byte[16];
        salt[0] = (byte) version.charAt(1); // any fixed salt; differing per version is enough here
        return OpenBSDBCrypt.generate(version, password.getBytes(StandardCharsets.UTF_8), salt, 10);
    }

    private final BasicAuth auth = new BasicAuth(Map.of(
            "alice", hash("2y", "wonderland"), "bob", hash("2a", "builder"), "carol", hash("2b", "singer")));

    @Test
    void acceptsEachUsersPasswordInEveryBcryptVersion() {
        assertThat(auth.allows("alice", "wonderland")).isTrue();
        assertThat(auth.allows("bob", "builder")).isTrue();
        assertThat(auth.allows("carol", "singer")).isTrue();
    }

    @Test
    void refusesWrongPasswordsUnknownUsersAndSwappedCredentials() {
        assertThat(auth.allows("alice", "Wonderland")).isFalse();
        assertThat(auth.allows("alice", "")).isFalse();
        assertThat(auth.allows("mallory", "wonderland")).isFalse();
        assertThat(auth.allows("bob", "wonderland")).isFalse();
        assertThat(auth.allows("alice", "wonderland".repeat(10))).isFalse(); // beyond bcrypt's 72 bytes
    }

    @Test
    void aVerifiedPasswordIsCachedAndAWrongOneNever() {
        long first = nanos(() -> auth.allows("alice", "wonderland"));
        long second = nanos(() -> auth.allows("alice", "wonderland"));
        long wrongAfterCaching = nanos(() -> !auth.allows("alice", "wonderland!"));
        long againWrong = nanos(() -> !auth.allows("alice", "wonderland!"));
        System.out.printf("bcrypt check %.1f ms, cached %.3f ms, wrong %.1f / %.1f ms%n",
                first / 1e6, second / 1e6, wrongAfterCaching / 1e6, againWrong / 1e6);

        assertThat(first).isGreaterThan(BCRYPT_MIN_NANOS);
        assertThat(second).isLessThan(CACHED_MAX_NANOS);
        assertThat(wrongAfterCaching).isGreaterThan(BCRYPT_MIN_NANOS);
        assertThat(againWrong).isGreaterThan(BCRYPT_MIN_NANOS);
        assertThat(auth.allows("alice", "wonderland")).isTrue(); // a wrong try does not evict the right one
    }

    @Test
    void anUnknownUserCostsABcryptCheckToo() {
        long unknown = nanos(() -> !auth.allows("mallory", "anything"));
        long unknownAgain = nanos(() -> !auth.allows("mallory", "anything"));

        assertThat(unknown).isGreaterThan(BCRYPT_MIN_NANOS);
        assertThat(unknownAgain).isGreaterThan(BCRYPT_MIN_NANOS);
    }

    @Test
    void htpasswdHashesWork() {
        // From htpasswd -nbBC 10 u secret (apache2-utils), as the README tells users to make them.
        BasicAuth fromHtpasswd = new BasicAuth(Map.of("u", "$2y$10$bN/NPQ.UdCGrM3SYUUlJY./YRVPOSB24l85Gz7irg7FoX5brIxplK"));

        assertThat(fromHtpasswd.allows("u", "secret")).isTrue();
        assertThat(fromHtpasswd.allows("u", "Secret")).isFalse();
    }

    /** The time {@code check} took; it must return true. */
    private static long nanos(BooleanSupplier check) {
        long start = System.nanoTime();
        assertThat(check.getAsBoolean()).isTrue();
        return System.nanoTime() - start;
    }
}
