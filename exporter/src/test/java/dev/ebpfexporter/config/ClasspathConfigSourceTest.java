package dev.ebpfexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathConfigSourceTest {
    private static final String FOLDER = "bundled-test";
    private static final ClassLoader TEST_LOADER = ClasspathConfigSourceTest.class.getClassLoader();

    @TempDir
    Path tmp;

    @Test
    void listsADirectoryOnTheClassPath() throws ConfigException {
        // src/test/resources/bundled-test: alpha.yaml + alpha.bpf.o, beta.yaml, README.txt
        assertThat(source(TEST_LOADER).names()).containsExactly("alpha", "beta");
    }

    @Test
    void readsFromADirectoryOnTheClassPath() throws ConfigException {
        ConfigSource source = source(TEST_LOADER);

        assertThat(source.describe("alpha")).isEqualTo("bundled-test:alpha.yaml");
        assertThat(source.describeObject("alpha")).isEqualTo("bundled-test:alpha.bpf.o");
        assertThat(source.readYaml("alpha")).contains("name: alpha_total");
        assertThat(new String(source.readObject("alpha"), StandardCharsets.US_ASCII))
                .isEqualTo("not an ELF object, only test bytes\n");
        assertThat(ConfigParserTest.PARSER.parse(source, "alpha").source()).isEqualTo("bundled-test:alpha.yaml");
    }

    @Test
    void missingObject() {
        assertThatThrownBy(() -> source(TEST_LOADER).readObject("beta"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bundled-test:beta.bpf.o: missing BPF object for config beta"
                        + " (build programs/beta.bpf.c and put the object next to bundled-test:beta.yaml)");
    }

    @Test
    void missingYaml() {
        assertThatThrownBy(() -> source(TEST_LOADER).readYaml("gamma"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bundled-test:gamma.yaml: no such bundled config");
    }

    @Test
    void missingFolderHasNoConfigs() throws ConfigException {
        assertThat(new ClasspathConfigSource(TEST_LOADER, "no-such-folder", Set.of()).names()).isEmpty();
    }

    @Test
    void listsAndReadsAJar() throws IOException, ConfigException {
        Path jar = jar(List.of(
                "bundled-test/",
                "bundled-test/gamma.yaml",
                "bundled-test/gamma.bpf.o",
                "bundled-test/nested/",
                "bundled-test/nested/delta.yaml",
                "other/epsilon.yaml"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ConfigSource source = source(loader);

            assertThat(source.names()).containsExactly("gamma");
            assertThat(source.readYaml("gamma")).isEqualTo("content of bundled-test/gamma.yaml");
            assertThat(source.readObject("gamma"))
                    .isEqualTo("content of bundled-test/gamma.bpf.o".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void mergesEveryClassPathEntryThatHasTheFolder() throws IOException, ConfigException {
        Path jar = jar(List.of("bundled-test/", "bundled-test/gamma.yaml", "bundled-test/alpha.yaml"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, TEST_LOADER)) {
            assertThat(source(loader).names()).containsExactly("alpha", "beta", "gamma");
        }
    }

    @Test
    void optInConfigsAreReadableButNotListed() throws ConfigException {
        ConfigSource source = new ClasspathConfigSource(TEST_LOADER, FOLDER, Set.of("alpha"));

        assertThat(source.names()).containsExactly("beta");
        assertThat(source.readYaml("alpha")).contains("name: alpha_total");
    }

    @Test
    void bundledHoldsTheShippedConfigs() throws ConfigException {
        // The build copies configs/*.yaml into target/classes/bundled.
        ConfigSource bundled = ClasspathConfigSource.bundled();

        assertThat(bundled.names()).containsExactly("biolatency", "direct-reclaim", "hardirqs", "numa", "oomkill",
                "page-faults", "run-queue-latency", "softirq-latency", "tcp-retransmits", "timer-latency");
        assertThat(ConfigParserTest.PARSER.parse(bundled, "page-faults").counters()).hasSize(1);
        assertThat(bundled.readYaml("run-queue-latency-cgroup")).contains("run_queue_latency_by_cgroup_seconds");
        assertThat(bundled.readYaml("syscalls")).contains("syscalls_total");
    }

    private static ClasspathConfigSource source(ClassLoader loader) {
        return new ClasspathConfigSource(loader, FOLDER, Set.of());
    }

    /** A jar whose files hold "content of <entry name>", the way the shade plugin lays out resources. */
    private Path jar(List<String> entries) throws IOException {
        Path jar = tmp.resolve("configs.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                if (!entry.endsWith("/")) {
                    out.write(("content of " + entry).getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
