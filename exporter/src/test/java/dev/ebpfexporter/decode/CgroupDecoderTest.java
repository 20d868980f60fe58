package dev.ebpfexporter.decode;

import static dev.ebpfexporter.decode.DecoderTesting.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cgroup decoder over a temp directory standing in for the cgroup2 mount (ids are inode numbers). */
class CgroupDecoderTest {
    @TempDir
    Path root;

    private final AtomicInteger rootLookups = new AtomicInteger();

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(root.resolve("system.slice/ssh.service"));
        Files.createDirectories(root.resolve("user.slice/user-1000.slice"));
        Files.writeString(root.resolve("system.slice/cgroup.procs"), "1\n"); // files are not cgroups
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of(""),
                Arguments.of("system.slice"),
                Arguments.of("system.slice/ssh.service"),
                Arguments.of("user.slice"),
                Arguments.of("user.slice/user-1000.slice"));
    }

    @ParameterizedTest(name = "<root>/{0}")
    @MethodSource("paths")
    void resolvesTheIdOfEachDirectoryToItsFullPath(String relative) throws Exception {
        Path cgroup = root.resolve(relative);
        assertThat(decode(decoder(8), inode(cgroup))).isEqualTo(cgroup.toString());
    }

    @Test
    void anIdNoDirectoryHasIsUnknownAndAFileIsNoCgroup() throws Exception {
        CgroupDecoder decoder = decoder(8);
        assertThat(decode(decoder, 0)).isEqualTo("unknown_cgroup_id:0");
        long file = inode(root.resolve("system.slice/cgroup.procs"));
        assertThat(decode(decoder, file)).isEqualTo("unknown_cgroup_id:" + file);
        assertThat(decode(decoder, -1)).isEqualTo("unknown_cgroup_id:18446744073709551615"); // u64 max
    }

    @Test
    void aCgroupCreatedAfterTheFirstWalkIsFoundByTheNextMiss() throws Exception {
        CgroupDecoder decoder = decoder(8);
        decode(decoder, inode(root));
        Path created = Files.createDirectories(root.resolve("system.slice/new.service"));
        assertThat(decode(decoder, inode(created))).isEqualTo(created.toString());
    }

    @Test
    void aRemovedCgroupKeepsItsPathOnceResolved() throws Exception {
        CgroupDecoder decoder = decoder(8);
        Path ssh = root.resolve("system.slice/ssh.service");
        long id = inode(ssh);
        decode(decoder, id);
        Files.delete(ssh);
        assertThat(decode(decoder, id)).isEqualTo(ssh.toString());
    }

    @Test
    void anUnknownIdStaysUnknownWithoutAnotherWalk() throws Exception {
        CgroupDecoder decoder = decoder(8);
        decode(decoder, 1);
        // Were 1 walked for again, this new directory would be cached by that walk:
        Path late = Files.createDirectories(root.resolve("late"));
        assertThat(decode(decoder, 1)).isEqualTo("unknown_cgroup_id:1");
        Files.delete(late);
        assertThat(decode(decoder, inode(root))).isEqualTo(root.toString()); // cached by the first walk
    }

    @Test
    void theCacheIsBoundedLeastRecentlyUsedFirst() throws Exception {
        CgroupDecoder decoder = decoder(2); // the walk of 5 directories keeps the last 2 visited
        long ssh = inode(root.resolve("system.slice/ssh.service"));
        decode(decoder, ssh);
        Path renamed = root.resolve("system.slice/sshd.service");
        Files.move(root.resolve("system.slice/ssh.service"), renamed); // same inode, new path
        decode(decoder, inode(root.resolve("user.slice")));
        decode(decoder, inode(root.resolve("user.slice/user-1000.slice")));
        // ssh was evicted by the two more recent ids, so the next lookup walks again: the new path.
        assertThat(decode(decoder, ssh)).isEqualTo(renamed.toString());
    }

    @Test
    void aChurnOfDistinctIdsKeepsAtMostTheCapacity() throws Exception {
        CgroupDecoder decoder = decoder(100);
        for (long id = 1_000_000; id < 1_010_000; id++) {
            decode(decoder, id);
            assertThat(decoder.cachedIds()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void withoutACgroup2MountEveryIdIsUnknownAndTheMountIsLookedUpOnce() throws Exception {
        CgroupDecoder decoder = new CgroupDecoder(() -> {
            rootLookups.incrementAndGet();
            return Optional.empty();
        }, 8);
        assertThat(decode(decoder, 5)).isEqualTo("unknown_cgroup_id:5");
        assertThat(decode(decoder, 6)).isEqualTo("unknown_cgroup_id:6");
        assertThat(rootLookups).hasValue(1);
    }

    @Test
    void rejectsInputThatIsNotADecimalId() {
        for (String bad : List.of("", "abc", "-1", "12 ")) {
            assertThatThrownBy(() -> decoder(8).decode(bad.getBytes(StandardCharsets.US_ASCII), named("cgroup")))
                    .isInstanceOf(DecodeException.class)
                    .hasMessageContaining("uint first");
        }
    }

    private CgroupDecoder decoder(int capacity) {
        return new CgroupDecoder(() -> Optional.of(root), capacity);
    }

    private static String decode(CgroupDecoder decoder, long id) throws DecodeException {
        byte[] in = Long.toUnsignedString(id).getBytes(StandardCharsets.US_ASCII);
        return new String(decoder.decode(in, named("cgroup")), StandardCharsets.UTF_8);
    }

    private static long inode(Path path) throws IOException {
        return (Long) Files.getAttribute(path, "unix:ino");
    }
}
