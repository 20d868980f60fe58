package dev.ebpfexporter.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Cgroup2MountTest {
    private static final String PROC = "22 28 0:20 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw";
    private static final String V1_CPU =
            "35 30 0:31 / /sys/fs/cgroup/cpu rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,cpu";
    private static final String HYBRID_V2 =
            "31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate";
    private static final String UNIFIED_V2 =
            "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("hybrid: v1 controllers, v2 at unified", List.of(PROC, V1_CPU, HYBRID_V2),
                        Optional.of("/sys/fs/cgroup/unified")),
                Arguments.of("unified", List.of(PROC, UNIFIED_V2), Optional.of("/sys/fs/cgroup")),
                Arguments.of("first of two v2 mounts", List.of(UNIFIED_V2, HYBRID_V2), Optional.of("/sys/fs/cgroup")),
                Arguments.of("no optional fields", List.of("30 24 0:26 / /cg rw - cgroup2 none rw"), Optional.of("/cg")),
                Arguments.of("two optional fields", List.of("30 24 0:26 / /cg rw shared:4 master:1 - cgroup2 none rw"),
                        Optional.of("/cg")),
                Arguments.of("escaped space and backslash",
                        List.of("30 24 0:26 / /my\\040cg\\134x rw - cgroup2 none rw"), Optional.of("/my cg\\x")),
                Arguments.of("v1 only", List.of(PROC, V1_CPU), Optional.empty()),
                Arguments.of("type cgroup2 as a mount source is not the type",
                        List.of("30 24 0:26 / /x rw - tmpfs cgroup2 rw"), Optional.empty()),
                Arguments.of("empty", List.of(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsTheCgroup2MountPoint(String name, List<String> lines, Optional<String> expected) {
        assertThat(Cgroup2Mount.find(lines)).isEqualTo(expected.map(Path::of));
    }

    @Test
    void anUnreadableFileHasNoMount(@TempDir Path dir) {
        assertThat(Cgroup2Mount.find(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path mountinfo = Files.writeString(dir.resolve("mountinfo"), PROC + "\n" + HYBRID_V2 + "\n");
        assertThat(Cgroup2Mount.find(mountinfo)).contains(Path.of("/sys/fs/cgroup/unified"));
    }
}
