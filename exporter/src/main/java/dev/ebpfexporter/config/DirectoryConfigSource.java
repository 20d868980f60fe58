package dev.ebpfexporter.config;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Configs in one directory on disk ({@code --config.dir}): {@code <name>.yaml} + {@code <name>.bpf.o}. */
public final class DirectoryConfigSource implements ConfigSource {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryConfigSource.class);

    private final Path dir;

    public DirectoryConfigSource(Path dir) {
        this.dir = dir;
    }

    @Override
    public List<String> names() throws ConfigException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> ConfigFiles.configName(file.getFileName().toString()) != null)
                    .filter(DirectoryConfigSource::isConfigFile)
                    .map(file -> ConfigFiles.configName(file.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            throw new ConfigException(dir + ": config directory does not exist", e);
        } catch (IOException e) {
            throw new ConfigException(dir + ": cannot list config directory: " + ConfigFiles.reason(e), e);
        }
    }

    /**
     * Whether a {@code *.yaml} entry is a file to load. Anything else is named in a warning, so that
     * a config whose symlink dangles or loops (a half-finished deployment) does not vanish unseen.
     */
    private static boolean isConfigFile(Path entry) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
            if (attributes.isRegularFile()) {
                return true;
            }
            LOG.warn("{}: not loaded: {}", entry, attributes.isDirectory() ? "a directory" : "not a regular file");
        } catch (NoSuchFileException e) {
            LOG.warn("{}: not loaded: a symlink to {}, which does not exist", entry, linkTarget(entry));
        } catch (FileSystemException e) {
            LOG.warn("{}: not loaded: {}", entry, e.getReason() == null ? e.toString() : e.getReason());
        } catch (IOException e) {
            LOG.warn("{}: not loaded: {}", entry, ConfigFiles.reason(e));
        }
        return false;
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "a path";
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
            return ConfigFiles.utf8(path.toString(), BoundedFile.read(path, BoundedFile.YAML_LIMIT));
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
            return BoundedFile.read(path, BoundedFile.OBJECT_LIMIT);
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
