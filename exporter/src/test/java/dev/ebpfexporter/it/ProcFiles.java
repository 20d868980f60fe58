package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the tests read of a process in /proc. */
final class ProcFiles {
    private ProcFiles() {}

    /** The entries of /proc/PID/fd. */
    static long openFds(long pid) throws IOException {
        try (Stream<Path> entries = Files.list(proc(pid).resolve("fd"))) {
            return entries.count();
        }
    }

    /** The number of a /proc/PID/status field: kB for the memory fields ("VmRSS"), a count for "Threads". */
    static long status(long pid, String field) throws IOException {
        return Files.readAllLines(proc(pid).resolve("status")).stream()
                .filter(l -> l.startsWith(field + ":"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + field + " in /proc/" + pid + "/status"));
    }

    static Path proc(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }
}
