package dev.ebpfexporter.docs;

import static dev.ebpfexporter.docs.DocsLinksTest.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The docs keep up with the code: a page per shipped config, the architecture naming every package. */
class DocsCoverageTest {
    /** The README's Programs table links each shipped config's page: docs/programs/<config>.md. */
    @Test
    void everyShippedConfigHasItsPageLinkedFromTheReadme() throws IOException {
        String readme = Files.readString(REPOSITORY.resolve("README.md"));
        List<String> configs = names(REPOSITORY.resolve("configs"), path -> path.toString().endsWith(".yaml")).stream()
                .map(name -> name.substring(0, name.length() - ".yaml".length()))
                .toList();
        assertThat(configs).isNotEmpty().allSatisfy(config -> {
            assertThat(REPOSITORY.resolve("docs/programs/" + config + ".md")).exists();
            assertThat(readme).contains("[`" + config + "`](docs/programs/" + config + ".md)");
        });
    }

    /** docs/architecture.md gives each package under dev/ebpfexporter/ its entry ("- **`name`**"). */
    @Test
    void theArchitectureNamesEveryPackage() throws IOException {
        String architecture = Files.readString(REPOSITORY.resolve("docs/architecture.md"));
        List<String> packages = names(Path.of("src/main/java/dev/ebpfexporter"), Files::isDirectory);
        assertThat(packages).isNotEmpty().allSatisfy(name ->
                assertThat(architecture).contains("- **`" + name + "`**"));
        assertThat(architecture).contains("- **`dev.ebpfexporter`**");
    }

    private static List<String> names(Path directory, Predicate<Path> filter) throws IOException {
        try (Stream<Path> paths = Files.list(directory)) {
            return paths.filter(filter).map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
