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

    /** Each is left out of the names (and named in a warning, which BadInputIT reads in the log). */
    @Test
    void danglingAndLoopingSymlinksAndSpecialFilesAreNotConfigs() throws Exception {
        Files.writeString(dir.resolve("good.yaml"), "metrics: {}\n");
        Files.createSymbolicLink(dir.resolve("dangling.yaml"), dir.resolve("gone.yaml"));
        Files.createSymbolicLink(dir.resolve("loop.yaml"), dir.resolve("loop.yaml"));
        Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));
        assertThat(new ProcessBuilder("mkfifo", dir.resolve("fifo.yaml").toString()).start().waitFor()).isZero();

        assertThat(new DirectoryConfigSource(dir).names()).containsExactly("good");
    }

    @Test
    void aNamedConfigThatIsADeviceOrTooBigIsRefusedWithTheReason() throws Exception {
        Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));
        Files.write(dir.resolve("huge.yaml"), new byte[20 << 20]);
        Files.createSymbolicLink(dir.resolve("zero.bpf.o"), Path.of("/dev/zero"));
        ConfigSource source = new DirectoryConfigSource(dir);

        assertThatThrownBy(() -> source.readYaml("zero")).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("zero.yaml") + ": cannot read config: it is a character device, not a regular"
                        + " file; name the file itself");
        assertThatThrownBy(() -> source.readYaml("huge")).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("huge.yaml") + ": cannot read config: it is 20971520 bytes, over the limit of"
                        + " 2 MiB for this kind of file; check that it is the file meant");
        assertThatThrownBy(() -> source.readObject("zero")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve("zero.bpf.o") + ": cannot read BPF object: it is a character device");
    }
}
