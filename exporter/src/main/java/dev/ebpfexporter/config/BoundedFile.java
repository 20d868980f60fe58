package dev.ebpfexporter.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way the exporter reads a file an operator names (config YAML, BPF object, web config,
 * certificates and keys): it must be a regular file, after symlinks, and no larger than the limit
 * of its kind. A FIFO would block start-up until a writer came, {@code /dev/zero} would fill the
 * heap, and a file of hundreds of MiB would end the process or a reload task; each is refused
 * with a {@link Refused} saying what the file is instead.
 */
public final class BoundedFile {
    /** A config YAML or web config: the largest shipped config is 2 KiB; a big static_map still fits. */
    public static final long YAML_LIMIT = 2L << 20;
    /** A compiled BPF object: shipped ones are tens of KiB; the heap holds it once while libbpf loads it. */
    public static final long OBJECT_LIMIT = 16L << 20;
    /** A PEM certificate chain, key or CA bundle (a whole system CA bundle is about 200 KiB). */
    public static final long PEM_LIMIT = 1L << 20;

    private static final int S_IFMT = 0170000;

    private BoundedFile() {}

    /** Why a file was not read; the message completes a sentence that begins with the file's name. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * The bytes of {@code file}, a regular file of at most {@code limit} bytes.
     *
     * @throws Refused when it is something else or larger; other {@link IOException}s as {@link Files} throws them
     */
    public static byte[] read(Path file, long limit) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new Refused("is " + kind(file, attributes) + ", not a regular file; name the file itself");
        }
        if (attributes.size() > limit) {
            throw tooLarge(attributes.size() + " bytes", limit);
        }
        // The file may have grown since: read one byte past the limit to know.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) {
                throw tooLarge("more than " + limit + " bytes", limit);
            }
            return bytes;
        }
    }

    private static Refused tooLarge(String size, long limit) {
        return new Refused("is " + size + ", over the limit of " + (limit >> 20) + " MiB for this kind of file;"
                + " check that it is the file meant");
    }

    private static String kind(Path file, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        try {
            return switch ((int) Files.getAttribute(file, "unix:mode") & S_IFMT) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException e) {
            return "a special file";
        }
    }
}
