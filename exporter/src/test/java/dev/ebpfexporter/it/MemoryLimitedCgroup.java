package dev.ebpfexporter.it;

import dev.ebpfexporter.decode.Cgroup2Mount;
import dev.ebpfexporter.testing.KernelTests;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh memory cgroup with a memory limit and no swap, whose OOM killer can only choose the
 * tasks that joined it: nothing else on the machine is at risk. Uses cgroup v2 where the memory
 * controller is enabled for the v2 root's children, else the v1 {@code memory} hierarchy; on a
 * hybrid host (v1 memory, v2 without it) it also makes a v2 cgroup of the same name, so the tasks
 * have a v2 cgroup of their own (what the exporter's {@code cgroup} label shows). Closing removes
 * every directory it made; the tasks must have exited.
 */
final class MemoryLimitedCgroup implements AutoCloseable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    /** A mountinfo line of a v1 cgroup hierarchy that has the memory controller: its mount point. */
    private static final Pattern V1_MEMORY = Pattern.compile("^\\S+ \\S+ \\S+ \\S+ (\\S+) .* - cgroup \\S+ (?:\\S*,)?memory(?:,\\S*)?$");
    private static final Pattern OOM_KILL = Pattern.compile("(?m)^oom_kill (\\d+)$");

    private final List<Path> made = new ArrayList<>();
    private Path oomCounter;
    private Optional<Path> v2 = Optional.empty();

    private MemoryLimitedCgroup() {}

    /** Makes cgroup {@code name} limited to {@code limitBytes}; skips the test where no memory controller is mounted. */
    static MemoryLimitedCgroup create(String name, long limitBytes) throws IOException {
        Optional<Path> v2Root = Cgroup2Mount.find(MOUNTINFO);
        MemoryLimitedCgroup cgroup = new MemoryLimitedCgroup();
        try {
            if (v2Root.isPresent() && Files.readString(v2Root.get().resolve("cgroup.subtree_control")).contains("memory")) {
                Path dir = cgroup.make(v2Root.get().resolve(name));
                cgroup.v2 = Optional.of(dir);
                Files.writeString(dir.resolve("memory.max"), Long.toString(limitBytes));
                writeIfPresent(dir.resolve("memory.swap.max"), "0");
                cgroup.oomCounter = dir.resolve("memory.events");
            } else {
                Optional<Path> v1Root = v1MemoryMount();
                KernelTests.require(v1Root.isPresent(), "no memory cgroup controller (v1 memory hierarchy or v2 memory)");
                Path dir = cgroup.make(v1Root.get().resolve(name));
                Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(limitBytes));
                writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), Long.toString(limitBytes));
                cgroup.oomCounter = dir.resolve("memory.oom_control");
                if (v2Root.isPresent()) {
                    cgroup.v2 = Optional.of(cgroup.make(v2Root.get().resolve(name)));
                }
            }
            return cgroup;
        } catch (IOException | RuntimeException e) {
            cgroup.close();
            throw e;
        }
    }

    /** The cgroup.procs files a task writes its pid to, to join every directory made. */
    List<String> procsFiles() {
        return made.stream().map(d -> d.resolve("cgroup.procs").toString()).toList();
    }

    /** The v2 cgroup the tasks are in, if the host has a cgroup2 mount. */
    Optional<Path> v2() {
        return v2;
    }

    /** The memory cgroup's own count of OOM kills in it ({@code oom_kill} of memory.events or memory.oom_control). */
    long oomKills() throws IOException {
        String text = Files.readString(oomCounter);
        Matcher m = OOM_KILL.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no oom_kill line in " + oomCounter + ":\n" + text);
        }
        return Long.parseLong(m.group(1));
    }

    /** Removes the directories made, retrying a while: a killed task's cgroup stays busy until it is fully gone. */
    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (int i = made.size() - 1; i >= 0; i--) {
            try {
                removeWithin(made.get(i), 50);
            } catch (IOException e) {
                failed = e;
            }
        }
        made.clear();
        if (failed != null) {
            throw failed;
        }
    }

    private Path make(Path dir) throws IOException {
        Files.createDirectory(dir);
        made.add(dir);
        return dir;
    }

    private static void removeWithin(Path dir, int attempts) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.delete(dir);
                return;
            } catch (FileSystemException busy) {
                if (attempt == attempts) {
                    throw new IOException("cannot remove cgroup " + dir + " (remove it by hand with rmdir once empty)", busy);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while removing cgroup " + dir, e);
                }
            }
        }
    }

    private static void writeIfPresent(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            Files.writeString(file, value);
        }
    }

    private static Optional<Path> v1MemoryMount() throws IOException {
        return Files.readAllLines(MOUNTINFO).stream().map(V1_MEMORY::matcher).filter(Matcher::matches)
                .map(m -> Path.of(m.group(1))).findFirst();
    }
}
