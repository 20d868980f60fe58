package dev.ebpfexporter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import dev.ebpfexporter.web.BasicAuth.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
        assertThat(auth.check("alice", "wonderland")).isEqualTo(Outcome.ALLOWED);
        assertThat(auth.check("bob", "builder")).isEqualTo(Outcome.ALLOWED);
        assertThat(auth.check("carol", "singer")).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void refusesWrongPasswordsUnknownUsersAndSwappedCredentials() {
        assertThat(auth.check("alice", "Wonderland")).isEqualTo(Outcome.DENIED);
        assertThat(auth.check("alice", "")).isEqualTo(Outcome.DENIED);
        assertThat(auth.check("mallory", "wonderland")).isEqualTo(Outcome.DENIED);
        assertThat(auth.check("bob", "wonderland")).isEqualTo(Outcome.DENIED);
        assertThat(auth.check("alice", "wonderland".repeat(10))).isEqualTo(Outcome.DENIED); // beyond bcrypt's 72 bytes
    }

    @Test
    void aVerifiedPasswordIsCachedAndAWrongOneNever() {
        long first = nanos(() -> auth.check("alice", "wonderland") == Outcome.ALLOWED);
        long second = nanos(() -> auth.check("alice", "wonderland") == Outcome.ALLOWED);
        long wrongAfterCaching = nanos(() -> auth.check("alice", "wonderland!") == Outcome.DENIED);
        long againWrong = nanos(() -> auth.check("alice", "wonderland!") == Outcome.DENIED);
        System.out.printf("bcrypt check %.1f ms, cached %.3f ms, wrong %.1f / %.1f ms%n",
                first / 1e6, second / 1e6, wrongAfterCaching / 1e6, againWrong / 1e6);

        assertThat(first).isGreaterThan(BCRYPT_MIN_NANOS);
        assertThat(second).isLessThan(CACHED_MAX_NANOS);
        assertThat(wrongAfterCaching).isGreaterThan(BCRYPT_MIN_NANOS);
        assertThat(againWrong).isGreaterThan(BCRYPT_MIN_NANOS);
        assertThat(auth.check("alice", "wonderland")).isEqualTo(Outcome.ALLOWED); // a wrong try does not evict the right one
    }

    @Test
    void anUnknownUserCostsABcryptCheckToo() {
        long unknown = nanos(() -> auth.check("mallory", "anything") == Outcome.DENIED);
        long unknownAgain = nanos(() -> auth.check("mallory", "anything") == Outcome.DENIED);

        assertThat(unknown).isGreaterThan(BCRYPT_MIN_NANOS);
        assertThat(unknownAgain).isGreaterThan(BCRYPT_MIN_NANOS);
    }

    /**
     * Clients trying wrong passwords in a loop hold every bcrypt slot: another unverified attempt is
     * turned away at once as BUSY, never queued, while a verified password still gets in; once the
     * flood stops, passwords are checked again.
     */
    @Test
    void aFloodOfWrongPasswordsIsTurnedAwayWhileAVerifiedOneGetsIn() throws Exception {
        assertThat(auth.check("alice", "wonderland")).isEqualTo(Outcome.ALLOWED);
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Thread> attackers = new ArrayList<>();
        for (int i = 0; i < BasicAuth.BCRYPT_SLOTS; i++) {
            int attacker = i;
            Thread thread = new Thread(() -> {
                for (int attempt = 0; flooding.get(); attempt++) {
                    auth.check("alice", "guess " + attacker + "-" + attempt);
                }
            });
            thread.start();
            attackers.add(thread);
        }
        try {
            Outcome outcome = Outcome.DENIED;
            for (int attempt = 0; attempt < 1_000 && outcome != Outcome.BUSY; attempt++) {
                outcome = auth.check("alice", "another guess");
            }
            assertThat(outcome).isEqualTo(Outcome.BUSY);
            assertThat(auth.check("alice", "wonderland")).isEqualTo(Outcome.ALLOWED);
        } finally {
            flooding.set(false);
            for (Thread attacker : attackers) {
                attacker.join();
            }
        }
        assertThat(auth.check("alice", "another guess")).isEqualTo(Outcome.DENIED);
        assertThat(auth.check("bob", "builder")).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void htpasswdHashesWork() {
        // From htpasswd -nbBC 10 u secret (apache2-utils), as the README tells users to make them.
        BasicAuth fromHtpasswd = new BasicAuth(Map.of("u", "$2y$10$bN/NPQ.UdCGrM3SYUUlJY./YRVPOSB24l85Gz7irg7FoX5brIxplK"));

        assertThat(fromHtpasswd.check("u", "secret")).isEqualTo(Outcome.ALLOWED);
        assertThat(fromHtpasswd.check("u", "Secret")).isEqualTo(Outcome.DENIED);
    }

    /** The time {@code check} took; it must return true. */
    private static long nanos(BooleanSupplier check) {
        long start = System.nanoTime();
        assertThat(check.getAsBoolean()).isTrue();
        return System.nanoTime() - start;
    }
}
