package dev.ebpfexporter.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Configs packaged as class path resources {@code <folder>/<name>.yaml} + {@code <folder>/<name>.bpf.o}:
 * the default set bundled into the jar, or test resources. Listing works for both kinds of class
 * path entry: a directory (tests, {@code target/classes}) and a jar ({@code java -jar}). Opt-in
 * configs are bundled and readable but left out of {@link #names()}, so they run only when
 * {@code --config.names} names them.
 */
public final class ClasspathConfigSource implements ConfigSource {
    /** The folder the build copies {@code configs/*.yaml} and the compiled objects into. */
    public static final String BUNDLED_FOLDER = "bundled";
    /**
     * The bundled opt-in configs, comma-separated (a constant, for the flag's help text).
     * run-queue-latency-cgroup hooks the scheduler events run-queue-latency hooks and costs more per
     * context switch; the default set runs one run-queue config, the node-wide one. syscalls runs on
     * every system call of every task (docs/programs/syscalls.md: its cost).
     */
    public static final String BUNDLED_OPT_IN = "run-queue-latency-cgroup,syscalls";

    private final ClassLoader loader;
    private final String folder;
    private final Set<String> optIn;

    public ClasspathConfigSource(ClassLoader loader, String folder, Set<String> optIn) {
        this.loader = loader;
        this.folder = folder;
        this.optIn = Set.copyOf(optIn);
    }

    /** The configs bundled into this exporter's jar. */
    public static ClasspathConfigSource bundled() {
        return new ClasspathConfigSource(ClasspathConfigSource.class.getClassLoader(), BUNDLED_FOLDER,
                Set.of(BUNDLED_OPT_IN.split(",")));
    }

    @Override
    public List<String> names() throws ConfigException {
        SortedSet<String> names = new TreeSet<>();
        try {
            // Several class path entries may hold the folder (e.g. classes and test-classes).
            Enumeration<URL> roots = loader.getResources(folder);
            while (roots.hasMoreElements()) {
                names.addAll(namesIn(roots.nextElement()));
            }
        } catch (IOException | UncheckedIOException | URISyntaxException e) {
            throw new ConfigException(folder + ": cannot list bundled configs: " + e.getMessage(), e);
        }
        names.removeAll(optIn);
        return List.copyOf(names);
    }

    @Override
    public String describe(String name) {
        return folder + ":" + ConfigFiles.yamlFile(name);
    }

    @Override
    public String describeObject(String name) {
        return folder + ":" + ConfigFiles.objectFile(name);
    }

    @Override
    public String readYaml(String name) throws ConfigException {
        byte[] yaml = read(ConfigFiles.yamlFile(name));
        if (yaml == null) {
            throw new ConfigException(describe(name) + ": no such bundled config");
        }
        return ConfigFiles.utf8(describe(name), yaml);
    }

    @Override
    public byte[] readObject(String name) throws ConfigException {
        byte[] object = read(ConfigFiles.objectFile(name));
        if (object == null) {
            throw ConfigFiles.missingObject(this, name);
        }
        return object;
    }

    /** The resource's bytes, or null when there is no such resource. */
    private byte[] read(String file) throws ConfigException {
        try (InputStream in = loader.getResourceAsStream(folder + "/" + file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new ConfigException(folder + ":" + file + ": cannot read: " + ConfigFiles.reason(e), e);
        }
    }

    private Collection<String> namesIn(URL root) throws IOException, URISyntaxException {
        return switch (root.getProtocol()) {
            case "file" -> namesInDirectory(Path.of(root.toURI()));
            case "jar" -> namesInJar((JarURLConnection) root.openConnection());
            default -> throw new IOException("unsupported class path entry " + root);
        };
    }

    private static List<String> namesInDirectory(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> ConfigFiles.configName(file.getFileName().toString()))
                    .filter(Objects::nonNull)
                    .toList();
        }
    }

    private List<String> namesInJar(JarURLConnection connection) throws IOException {
        connection.setUseCaches(false); // a private JarFile that closing cannot pull from under others
        String prefix = folder + "/";
        try (JarFile jar = connection.getJarFile()) {
            return jar.stream()
                    .map(entry -> entry.getName())
                    .filter(entry -> entry.startsWith(prefix) && entry.indexOf('/', prefix.length()) < 0)
                    .map(entry -> ConfigFiles.configName(entry.substring(prefix.length())))
                    .filter(Objects::nonNull)
                    .toList();
        }
    }
}
