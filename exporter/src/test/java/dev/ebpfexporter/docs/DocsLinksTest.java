package dev.ebpfexporter.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every relative link and anchor in the repository's Markdown (README.md, docs/, …) resolves. */
class DocsLinksTest {
    static final Path REPOSITORY = Path.of("..");
    /** Build output and tools' folders: their Markdown is not the project's. */
    private static final Set<String> NOT_DOCS = Set.of("target", ".git", "node_modules");

    @Test
    void everyRelativeLinkInTheRepositorysMarkdownResolves() throws IOException {
        MarkdownLinks links = new MarkdownLinks();
        List<Path> files = markdownFiles();
        List<String> dead = new ArrayList<>();
        for (Path file : files) {
            dead.addAll(links.deadLinks(file));
        }
        assertThat(files).contains(REPOSITORY.resolve("README.md"), REPOSITORY.resolve("docs/operations.md"));
        assertThat(dead).as("dead relative links (fix the link or the heading it names)").isEmpty();
    }

    @Test
    void aMissingFileOrAnchorIsReportedAndCodeIsNotALink(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## Bounded series: `max_series`\n");
        Path page = dir.resolve("page.md");
        Files.writeString(page, """
                # Page
                See [other](other.md#bounded-series-max_series), [top](#page), [site](https://example.com/x.md),
                [gone](gone.md) and [no
                anchor](other.md#nope), a link across lines.

                ```yaml
                link: [not a link](absent.md)
                ```
                and `[nor this](absent.md)`.
                """);
        assertThat(new MarkdownLinks().deadLinks(page)).containsExactly(
                page + ":3: gone.md (no such file)",
                page + ":3: other.md#nope (no such anchor in other.md)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Bounded series: `max_series` and `idle_timeout` | bounded-series-max_series-and-idle_timeout
            TLS and basic auth                              | tls-and-basic-auth
            Cgroup filter: `cgroup_id_map`                  | cgroup-filter-cgroup_id_map
            Per-CPU maps and the `cpu` label                | per-cpu-maps-and-the-cpu-label
            See [operations](docs/operations.md) (link)     | see-operations-link
            """)
    void headingsGetGitHubsIds(String heading, String id) {
        assertThat(MarkdownLinks.slug(heading)).isEqualTo(id);
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(REPOSITORY)) {
            return paths.filter(path -> path.toString().endsWith(".md"))
                    .filter(path -> Stream.of(path.toString().split("/")).noneMatch(NOT_DOCS::contains))
                    .sorted()
                    .toList();
        }
    }
}
