package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The name, capability and no_new_privs lines of /proc status files, where the kernel keeps them per thread. */
final class ThreadStatus {
    private ThreadStatus() {}

    /** Those lines of every thread of process {@code pid} (more than 10: a JVM). */
    static List<Map<String, String>> ofEveryThread(long pid) throws IOException {
        List<Map<String, String>> statuses = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    statuses.add(read(task.resolve("status")));
                } catch (NoSuchFileException ended) {
                    // the thread ended after the listing
                }
            }
        }
        assertThat(statuses).as("threads of %d", pid).hasSizeGreaterThan(10);
        return statuses;
    }

    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> lines = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("Cap") || line.startsWith("NoNewPrivs") || line.startsWith("Name")) {
                lines.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return lines;
    }
}
