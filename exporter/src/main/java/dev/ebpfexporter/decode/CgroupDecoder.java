package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cgroup v2 id (decimal text, so after {@code uint}) → the path of that cgroup's directory under
 * the cgroup2 mount, e.g. {@code /sys/fs/cgroup/unified/system.slice/ssh.service}, as
 * ebpf_exporter's {@code cgroup} decoder does. The kernel's cgroup v2 id (what
 * {@code bpf_get_current_cgroup_id()} returns, {@code cgrp->kn->id}) is the inode number of that
 * directory, so the decoder walks the hierarchy and reads inode numbers.
 *
 * <p>Resolutions are cached in a map bounded to {@code capacity} entries, least recently used
 * out first: ids of live map keys are asked for on every drain and stay. A miss walks the whole
 * hierarchy once and caches every directory found (so one walk serves all cgroups created since
 * the last). An id the walk does not find becomes {@code unknown_cgroup_id:<id>} and is cached
 * as such: the kernel never reuses cgroup ids, so a cgroup that was gone (or outside this mount
 * namespace's view) stays unknown and costs no further walks. A cgroup removed after it was
 * resolved keeps its path, so its series do not change labels. Without a cgroup2 mount every id
 * is unknown. Thread-safe: callers may decode from several threads.
 */
public final class CgroupDecoder implements Decoder {
    static final int DEFAULT_CAPACITY = 16_384;
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final String UNKNOWN_PREFIX = "unknown_cgroup_id:";

    private final Supplier<Optional<Path>> root;
    private final Map<Long, String> pathById;
    private Optional<Path> foundRoot;

    /**
     * @param root the cgroup2 mount point, asked for once, at the first decode
     * @param capacity how many ids (resolved or unknown) the cache holds at most
     */
    CgroupDecoder(Supplier<Optional<Path>> root, int capacity) {
        this.root = root;
        this.pathById = new LruCache<>(capacity);
    }

    /** Resolves ids under the cgroup2 mount this process sees ({@code /proc/self/mountinfo}). */
    public static CgroupDecoder ofThisHost() {
        return new CgroupDecoder(() -> Cgroup2Mount.find(MOUNTINFO), DEFAULT_CAPACITY);
    }

    @Override
    public synchronized byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        long id = DecimalInput.unsigned(in, "cgroup", "a cgroup id");
        String path = pathById.get(id);
        if (path == null) {
            path = walkFor(id).orElse(UNKNOWN_PREFIX + Long.toUnsignedString(id));
            pathById.put(id, path);
        }
        return path.getBytes(StandardCharsets.UTF_8);
    }

    /** How many ids the cache holds now. */
    synchronized int cachedIds() {
        return pathById.size();
    }

    /**
     * Caches every cgroup directory under the mount (ones that vanish during the walk are skipped)
     * and returns the path of {@code wanted}, which a full cache may already have evicted again.
     */
    private Optional<String> walkFor(long wanted) {
        if (foundRoot == null) {
            foundRoot = root.get();
        }
        if (foundRoot.isEmpty()) {
            return Optional.empty();
        }
        String[] found = {null};
        try {
            Files.walkFileTree(foundRoot.get(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    try {
                        long id = (Long) Files.getAttribute(dir, "unix:ino");
                        pathById.putIfAbsent(id, dir.toString());
                        if (id == wanted) {
                            found[0] = dir.toString();
                        }
                        return FileVisitResult.CONTINUE;
                    } catch (IOException vanished) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // A partial walk still resolved what it reached; the rest stay unknown.
        }
        return Optional.ofNullable(found[0]);
    }
}
