package dev.ebpfexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryConfigSourceTest {
    @TempDir
    Path dir;

    @Test
    void namesAreTheYamlFilesSorted() throws IOException, ConfigException {
        Files.writeString(dir.resolve("runqlat.yaml"), "metrics: {}\n");
        Files.writeString(dir.resolve("biolatency.yaml"), "metrics: {}\n");
        Files.write(dir.resolve("biolatency.bpf.o"), new byte[] {0x7f, 'E', 'L', 'F'});
        Files.writeString(dir.resolve("notes.txt"), "not a config\n");
        Files.writeString(dir.resolve("old.yaml.bak"), "not a config\n");
        Files.writeString(dir.resolve(".yaml"), "no name\n");
        Files.createDirectory(dir.resolve("subdir.yaml"));

        assertThat(new DirectoryConfigSource(dir).names()).containsExactly("biolatency", "runqlat");
    }

    @Test
    void readsTheYamlAndTheObjectBesideIt() throws IOException, ConfigException {
        Files.writeString(dir.resolve("runqlat.yaml"), "metrics: {} # é\n");
        Files.write(dir.resolve("runqlat.bpf.o"), new byte[] {0x7f, 'E', 'L', 'F', 0, (byte) 0xff});
        ConfigSource source = new DirectoryConfigSource(dir);

        assertThat(source.readYaml("runqlat")).isEqualTo("metrics: {} # é\n");
        assertThat(source.readObject("runqlat")).containsExactly(0x7f, 'E', 'L', 'F', 0, 0xff);
        assertThat(source.describe("runqlat")).isEqualTo(dir.resolve("runqlat.yaml").toString());
        assertThat(source.describeObject("runqlat")).isEqualTo(dir.resolve("runqlat.bpf.o").toString());
    }

    @Test
    void missingObjectSaysWhereItShouldBe() throws IOException {
        Files.writeString(dir.resolve("runqlat.yaml"), "metrics: {}\n");

        assertThatThrownBy(() -> new DirectoryConfigSource(dir).readObject("runqlat"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("runqlat.bpf.o") + ": missing BPF object for config runqlat"
                        + " (build programs/runqlat.bpf.c and put the object next to " + dir.resolve("runqlat.yaml") + ")");
    }

    @Test
    void missingYaml() {
        assertThatThrownBy(() -> new DirectoryConfigSource(dir).readYaml("nope"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("nope.yaml") + ": no such config file");
    }

    @Test
    void yamlThatIsNotUtf8() throws IOException {
        Files.write(dir.resolve("latin1.yaml"), "help: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> new DirectoryConfigSource(dir).readYaml("latin1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("latin1.yaml") + ": not valid UTF-8");
    }

    @Test
    void missingDirectory() {
        Path missing = dir.resolve("absent");

        assertThatThrownBy(() -> new DirectoryConfigSource(missing).names())
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": config directory does not exist");
    }

    @Test
    void parserNamesTheFileInErrors() throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "metrics:\n  counter: []\n");

        assertThatThrownBy(() -> ConfigParserTest.PARSER.parse(new DirectoryConfigSource(dir), "bad"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("bad.yaml") + ":2:3: metrics.counter is not a known field (known: counters, gauges, histograms)");
    }
}
