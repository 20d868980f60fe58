package dev.ebpfexporter.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** sysfs CPU lists, and the online CPUs read from an injected /sys. */
class CpuListTest {
    static Stream<Arguments> lists() {
        return Stream.of(
                Arguments.of("0\n", List.of(0)),
                Arguments.of("0-1\n", List.of(0, 1)),
                Arguments.of("0-3,6,8-9\n", List.of(0, 1, 2, 3, 6, 8, 9)),
                Arguments.of("2,4", List.of(2, 4)),
                Arguments.of("5-5", List.of(5)),
                Arguments.of("0-2,127", List.of(0, 1, 2, 127)));
    }

    @ParameterizedTest
    @MethodSource
    void lists(String text, List<Integer> cpus) {
        assertThat(CpuList.parse(text)).isEqualTo(cpus);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "0-", "-1", "a", "0,,1", "0-1,", "3-1", "2,1", "0-2,2", "0 - 1"})
    void refusesWhatIsNotAnAscendingList(String text) {
        assertThatThrownBy(() -> CpuList.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text.strip() + "'");
    }

    @Test
    void onlineCpusAreReadFromTheSysRoot(@TempDir Path root) throws Exception {
        Path online = Files.createDirectories(root.resolve("sys/devices/system/cpu")).resolve("online");
        Files.writeString(online, "0-1,4\n");
        assertThat(new KernelFeatures(root).onlineCpus()).containsExactly(0, 1, 4);

        Files.writeString(online, "0-\n");
        assertThatThrownBy(() -> new KernelFeatures(root).onlineCpus()).hasMessageStartingWith(online + ": ");
    }
}
