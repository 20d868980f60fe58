package dev.ebpfexporter.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Configs in one directory on disk ({@code --config.dir}): {@code <name>.yaml} + {@code <name>.bpf.o}. */
public final class DirectoryConfigSource implements ConfigSource {
    private final Path dir;

    public DirectoryConfigSource(Path dir) {
        this.dir = dir;
    }

    @Override
    public List<String> names() throws ConfigException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> ConfigFiles.configName(file.getFileName().toString()))
                    .filter(Objects::nonNull)
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            throw new ConfigException(dir + ": config directory does not exist", e);
        } catch (IOException e) {
            throw new ConfigException(dir + ": cannot list config directory: " + ConfigFiles.reason(e), e);
        }
    }

    @Override
    public String describe(String name) {
        return yamlPath(name).toString();
    }

    @Override
    public String describeObject(String name) {
        return objectPath(name).toString();
    }

    @Override
    public String readYaml(String name) throws ConfigException {
        Path path = yamlPath(name);
        try {
            return ConfigFiles.utf8(path.toString(), Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": no such config file", e);
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read config: " + ConfigFiles.reason(e), e);
        }
    }

    @Override
    public byte[] readObject(String name) throws ConfigException {
        Path path = objectPath(name);
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw ConfigFiles.missingObject(this, name);
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read BPF object: " + ConfigFiles.reason(e), e);
        }
    }

    private Path yamlPath(String name) {
        return dir.resolve(ConfigFiles.yamlFile(name));
    }

    private Path objectPath(String name) {
        return dir.resolve(ConfigFiles.objectFile(name));
    }
}
