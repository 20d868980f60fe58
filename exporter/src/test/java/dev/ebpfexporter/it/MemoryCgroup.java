package dev.ebpfexporter.it;

import dev.ebpfexporter.decode.Cgroup2Mount;
import dev.ebpfexporter.testing.KernelTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/**
 * A fresh memory cgroup with a limit, in whichever hierarchy the host gives the memory
 * controller: cgroup v1's own {@code memory} mount ({@code memory.limit_in_bytes}) or the v2 tree
 * where its root delegates memory ({@code memory.max}). Closing removes it: its tasks must have
 * exited by then; the page cache still charged to it does not keep it (the kernel keeps such a
 * cgroup offline until the pages go).
 */
final class MemoryCgroup implements AutoCloseable {
    private static final Path V1 = Path.of("/sys/fs/cgroup/memory");

    private final Path dir;

    private MemoryCgroup(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code prefix-N} with a limit of {@code limitBytes}; skips (fails under CI) without a memory controller. */
    static MemoryCgroup create(String prefix, long limitBytes) throws IOException {
        Path parent;
        String limitFile;
        if (Files.exists(V1.resolve("memory.limit_in_bytes"))) {
            parent = V1;
            limitFile = "memory.limit_in_bytes";
        } else {
            Optional<Path> v2 = Cgroup2Mount.find(Path.of("/proc/self/mountinfo"));
            KernelTests.require(v2.isPresent() && delegatesMemory(v2.get()),
                    "no memory cgroup: neither a v1 memory mount at " + V1
                            + " nor a cgroup2 root whose cgroup.subtree_control holds memory");
            parent = v2.get();
            limitFile = "memory.max";
        }
        MemoryCgroup cgroup = new MemoryCgroup(
                Files.createDirectory(parent.resolve(prefix + "-" + new Random().nextInt(1_000_000))));
        try {
            Files.writeString(cgroup.dir.resolve(limitFile), Long.toString(limitBytes));
        } catch (IOException | RuntimeException e) {
            cgroup.close();
            throw e;
        }
        return cgroup;
    }

    private static boolean delegatesMemory(Path root) throws IOException {
        Path control = root.resolve("cgroup.subtree_control");
        return Files.exists(control) && Files.readString(control).contains("memory");
    }

    /** The file a task writes its pid into to join (cgroup.procs in v1 and v2). */
    Path procs() {
        return dir.resolve("cgroup.procs");
    }

    @Override
    public void close() throws IOException {
        Files.delete(dir);
    }
}
