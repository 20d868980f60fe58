package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, as a user's browser: it renders a page and writes a screenshot or
 * the DOM after rendering. Root needs --no-sandbox; a fresh profile keeps runs independent.
 */
final class Chromium {
    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Chromium() {}

    static void screenshot(String url, Path png, Path profile) throws IOException, InterruptedException {
        run(profile, "--window-size=1440,1800", "--screenshot=" + png.toAbsolutePath(), url);
    }

    static String renderedDom(String url, Path profile) throws IOException, InterruptedException {
        return run(profile, "--dump-dom", url);
    }

    private static String run(Path profile, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: run scripts/setup.sh (it installs Debian's chromium)");
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("chromium", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("chromium did not finish within " + TIMEOUT + ": " + command);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("chromium exited with " + process.exitValue() + ": " + command);
            }
            return Files.readString(output);
        } finally {
            Files.delete(output);
        }
    }
}
