package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The shared numa-rig (../shared/numa-rig, beside the repository): boots Debian's kernel with two
 * NUMA nodes under QEMU and runs a guest script there, with the host's / visible to it
 * (RIG_HOSTROOT=1) and one host directory shared read-write (RIG_SHARED).
 */
final class NumaRig {
    private static final String RIG = "shared/numa-rig/numa-rig";
    /** Guest wall-clock limit handed to the rig; the host waits a little longer for it. */
    private static final long GUEST_TIMEOUT_SECONDS = 240;

    private final Path executable;

    private NumaRig(Path executable) {
        this.executable = executable;
    }

    /**
     * The rig named by -Dnuma.rig, else the first {@value #RIG} found walking up from the working
     * directory (a checkout's exporter/ module finds ../../shared; a CI clone finds
     * &lt;clone&gt;/../shared).
     */
    static Optional<NumaRig> locate() {
        String configured = System.getProperty("numa.rig");
        if (configured != null) {
            return Optional.of(new NumaRig(Path.of(configured).toAbsolutePath()));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RIG);
            if (Files.isExecutable(candidate)) {
                return Optional.of(new NumaRig(candidate));
            }
        }
        return Optional.empty();
    }

    Path executable() {
        return executable;
    }

    /** Runs {@code guestScript} in the guest with {@code shared} at /shared; output kept in {@code log}. */
    int run(Path guestScript, Path shared, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), guestScript.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("RIG_HOSTROOT", "1");
        builder.environment().put("RIG_SHARED", shared.toAbsolutePath().toString());
        builder.environment().put("RIG_TIMEOUT", Long.toString(GUEST_TIMEOUT_SECONDS));
        Process rig = builder.start();
        if (!rig.waitFor(GUEST_TIMEOUT_SECONDS + 60, TimeUnit.SECONDS)) {
            rig.destroyForcibly().waitFor();
            throw new AssertionError("numa-rig did not finish:\n" + tail(log));
        }
        return rig.exitValue();
    }

    static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() <= 6000 ? text : "…" + text.substring(text.length() - 6000);
    }
}
