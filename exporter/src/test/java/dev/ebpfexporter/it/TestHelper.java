package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A helper process written in C (src/test/c/NAME.c), compiled on first use into target/NAME: the
 * tests' way of causing kernel events whose exact number the helper knows.
 */
final class TestHelper {
    private final Path source;
    private final Path binary;

    TestHelper(String name) {
        this.source = Path.of("src/test/c", name + ".c");
        this.binary = Path.of("target", name);
    }

    /** Runs the helper to its end; returns what it printed (stdout and stderr). Fails unless it exits 0. */
    String run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary().toString()));
        command.addAll(List.of(args));
        return runCommand(timeoutSeconds, command);
    }

    /** Runs any command to its end; returns what it printed (stdout and stderr). Fails unless it exits 0. */
    static String runCommand(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** The helper's executable, compiled if missing or older than its source (a guest runs it at the same path). */
    synchronized Path binary() throws IOException, InterruptedException {
        if (Files.exists(binary) && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0) {
            return binary.toAbsolutePath();
        }
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (gcc.waitFor() != 0) {
            throw new AssertionError("gcc " + source + " failed: " + output);
        }
        return binary.toAbsolutePath();
    }
}
