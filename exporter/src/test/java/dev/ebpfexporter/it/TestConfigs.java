package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.UnaryOperator;

/** Config directories for tests: the shipped configs and objects, copied and edited as a test needs. */
final class TestConfigs {
    static final Path CONFIGS = Path.of(System.getProperty("exporter.configdir", "../configs"));
    static final Path OBJECTS = Path.of(System.getProperty("exporter.bpfdir", "target/bpf"));
    static final Path TEST_OBJECTS = Path.of(System.getProperty("exporter.testbpfdir", "target/test-bpf"));
    /** The test programs' sources, each config's YAML beside its program. */
    static final Path TEST_SOURCES = Path.of("src/test/bpf");

    private TestConfigs() {}

    /** Copies shipped config {@code name} (YAML edited by {@code edit}) and its object into {@code dir}. */
    static void copyShipped(Path dir, String name, UnaryOperator<String> edit) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".yaml"), edit.apply(Files.readString(CONFIGS.resolve(name + ".yaml"))));
        Files.copy(OBJECTS.resolve(name + ".bpf.o"), dir.resolve(name + ".bpf.o"), StandardCopyOption.REPLACE_EXISTING);
    }

    static void copyShipped(Path dir, String name) throws IOException {
        copyShipped(dir, name, UnaryOperator.identity());
    }

    /** Copies test program {@code name}'s config (src/test/bpf/NAME.yaml) and object into {@code dir}. */
    static void copyTest(Path dir, String name) throws IOException {
        copyTest(dir, name, name);
    }

    /** Copies test program {@code name}'s object and, as its config, {@code yaml}.yaml of the test sources. */
    static void copyTest(Path dir, String name, String yaml) throws IOException {
        Files.createDirectories(dir);
        Files.copy(TEST_SOURCES.resolve(yaml + ".yaml"), dir.resolve(name + ".yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(TEST_OBJECTS.resolve(name + ".bpf.o"), dir.resolve(name + ".bpf.o"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
