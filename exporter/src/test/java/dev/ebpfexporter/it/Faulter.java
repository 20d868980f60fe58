package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs src/test/c/faulter.c: N page faults under a unique comm, counted by the kernel's getrusage. */
final class Faulter {
    private static final Path SOURCE = Path.of("src/test/c/faulter.c");
    private static final Path BINARY = Path.of("target/faulter");
    private static final Pattern RESULT = Pattern.compile("faults=(\\d+)");

    private Faulter() {}

    /** A comm nobody else on the machine has: 15 bytes at most. */
    static String uniqueComm() {
        return String.format("pf%08d", new Random().nextInt(100_000_000));
    }

    /** Faults {@code pages} pages under {@code comm}; returns the kernel's own count for the window. */
    static long run(String comm, long pages) throws IOException, InterruptedException {
        compile();
        Process process = new ProcessBuilder(BINARY.toString(), comm, Long.toString(pages))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("faulter failed: " + output);
        }
        Matcher m = RESULT.matcher(output);
        if (!m.find()) {
            throw new AssertionError("faulter printed no count: " + output);
        }
        return Long.parseLong(m.group(1));
    }

    private static synchronized void compile() throws IOException, InterruptedException {
        if (Files.exists(BINARY) && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
            return;
        }
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", BINARY.toString(), SOURCE.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (gcc.waitFor() != 0) {
            throw new AssertionError("gcc faulter.c failed: " + output);
        }
    }
}
