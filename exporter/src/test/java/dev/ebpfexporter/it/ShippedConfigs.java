package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Every config the project ships (configs/*.yaml with its object), as a directory, and its --config.check. */
final class ShippedConfigs {
    private ShippedConfigs() {}

    static List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(TestConfigs.CONFIGS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).toList();
        }
    }

    /** Copies every shipped config and its object into {@code dir}. */
    static Path copyAll(Path dir) throws IOException {
        for (String name : names()) {
            TestConfigs.copyShipped(dir, name);
        }
        return dir;
    }

    /** The check of {@code dir} (from {@link #copyAll}) passed: every config loaded and attached. */
    static void assertCheckPassed(Path dir, int status, String output) throws IOException {
        assertThat(status).as("--config.check exit status; its output:\n%s", output).isZero();
        List<String> names = names();
        assertThat(output).contains("config check passed: " + names.size() + " configs loaded and attached");
        for (String name : names) {
            assertThat(output).contains(dir.resolve(name + ".yaml") + ": loaded, attached");
        }
    }
}
