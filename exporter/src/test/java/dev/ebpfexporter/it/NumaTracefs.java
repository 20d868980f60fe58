package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Classic tracepoint programs need tracefs, which some hosts (minimal VM images) leave unmounted. */
final class NumaTracefs {
    private static final Path TRACING = Path.of("/sys/kernel/tracing");

    private NumaTracefs() {}

    static void ensureMounted() throws IOException, InterruptedException {
        if (Files.isDirectory(TRACING.resolve("events"))) {
            return;
        }
        Process mount = new ProcessBuilder("mount", "-t", "tracefs", "nodev", TRACING.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (mount.waitFor() != 0) {
            throw new AssertionError("mount -t tracefs nodev " + TRACING + " failed: " + output);
        }
    }
}
