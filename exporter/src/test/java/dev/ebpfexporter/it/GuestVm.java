package dev.ebpfexporter.it;

import dev.ebpfexporter.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A guest kernel booted by scripts/vm/boot.sh (two NUMA nodes under QEMU) running
 * scripts/vm/agent.sh: the test hands it shell scripts, which run one at a time as root on the
 * guest's kernel, in a copy of the host's file system (same paths, same tools, writes kept in
 * guest memory) and in this process's working directory. The work directory is shared read-write
 * at its own path, so what either side writes there the other reads; the guest's port
 * {@value #GUEST_PORT} is forwarded to a loopback port of the host. Closing powers the guest off.
 */
final class GuestVm implements AutoCloseable {
    static final int GUEST_PORT = 9435;
    private static final Path SCRIPTS = Path.of(System.getProperty("exporter.vmdir", "../scripts/vm"));
    /** Includes the first download of the kernel package (about 100 MB) and a boot under emulation. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);
    /** The longest a guest may live: boot.sh powers it off after this even if the test never closes it. */
    private static final Duration LIFETIME = Duration.ofMinutes(40);
    /** An agent's script that overran its timeout ends in at most this much more (timeout's grace). */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    /** What a guest script printed (stdout and stderr) and its exit status (124: it timed out). */
    record Result(int status, String output) {}

    private final GuestKernel kernel;
    private final Path workDir;
    private final Path queue;
    private final Path console;
    private final Process qemu;
    private final Thread powerCut;
    private final int hostPort;
    private final String release;
    private int scripts;

    private GuestVm(GuestKernel kernel, Path workDir, Path queue, Path console, Process qemu, Thread powerCut,
            int hostPort, String release) {
        this.kernel = kernel;
        this.workDir = workDir;
        this.queue = queue;
        this.console = console;
        this.qemu = qemu;
        this.powerCut = powerCut;
        this.hostPort = hostPort;
        this.release = release;
    }

    /** Boots {@code kernel} with {@code workDir} (emptied first) shared; returns once its agent runs. */
    static GuestVm boot(GuestKernel kernel, Path workDir) throws IOException, InterruptedException {
        Path dir = workDir.toAbsolutePath();
        TestFiles.deleteRecursively(dir);
        Path queue = Files.createDirectories(dir.resolve("agent"));
        Path console = dir.resolve("console.log");
        int hostPort = ExporterProcess.freePort();
        List<String> command = List.of("bash", SCRIPTS.resolve("boot.sh").toString(),
                "--kernel", kernel.debianPackage, "--share", dir.toString(),
                "--forward", hostPort + ":" + GUEST_PORT, "--timeout", Long.toString(LIFETIME.toSeconds()),
                SCRIPTS.resolve("agent.sh").toString(), queue.toString());
        long start = System.nanoTime();
        Process qemu = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        // A test JVM that dies without closing the guest must not leave QEMU running.
        Thread powerCut = new Thread(() -> destroy(qemu), "guest-" + kernel.id() + "-power-cut");
        Runtime.getRuntime().addShutdownHook(powerCut);
        try {
            String[] releaseAndUptime = awaitAgent(kernel, qemu, queue.resolve("ready"), console, start);
            System.out.printf("guest %s: kernel %s, agent up after %.1f s (%s s of guest time)%n", kernel.id(),
                    releaseAndUptime[0], (System.nanoTime() - start) / 1e9, releaseAndUptime[1]);
            return new GuestVm(kernel, dir, queue, console, qemu, powerCut, hostPort, releaseAndUptime[0]);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            destroy(qemu);
            Runtime.getRuntime().removeShutdownHook(powerCut);
            throw e;
        }
    }

    /** The agent's "ready" file: the guest's kernel release and uptime. */
    private static String[] awaitAgent(GuestKernel kernel, Process qemu, Path ready, Path console, long start)
            throws IOException, InterruptedException {
        long deadline = start + BOOT_TIMEOUT.toNanos();
        while (!Files.exists(ready)) {
            if (!qemu.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("guest " + kernel.debianPackage + " did not come up"
                        + (qemu.isAlive() ? " in " + BOOT_TIMEOUT : " (exit " + qemu.exitValue() + ")")
                        + "; its console:\n" + tail(console));
            }
            Thread.sleep(50);
        }
        return Files.readString(ready).trim().split(" ");
    }

    GuestKernel kernel() {
        return kernel;
    }

    /** The guest's {@code uname -r}. */
    String release() {
        return release;
    }

    /** Shared read-write with the guest, at the same path on both sides. */
    Path workDir() {
        return workDir;
    }

    /** The host's loopback port that reaches {@link #GUEST_PORT} in the guest. */
    int hostPort() {
        return hostPort;
    }

    /** Runs {@code script} with bash in the guest; it is killed after {@code timeout}. */
    synchronized Result run(Duration timeout, String script) throws IOException, InterruptedException {
        int n = ++scripts;
        Path body = queue.resolve(n + ".body");
        Files.writeString(body, script);
        Path pending = queue.resolve(n + ".pending");
        Files.writeString(pending, "exec timeout --kill-after=" + KILL_GRACE.toSeconds() + " " + timeout.toSeconds()
                + " bash " + body + "\n");
        Files.move(pending, queue.resolve(n + ".sh"), StandardCopyOption.ATOMIC_MOVE);
        Path status = queue.resolve(n + ".status");
        long deadline = System.nanoTime() + timeout.plus(KILL_GRACE).plusSeconds(30).toNanos();
        while (!Files.exists(status)) {
            if (!qemu.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("guest " + kernel.id() + " stopped answering during:\n" + script
                        + "\nits console:\n" + tail(console));
            }
            Thread.sleep(20);
        }
        return new Result(Integer.parseInt(Files.readString(status).trim()), Files.readString(queue.resolve(n + ".out")));
    }

    /** Runs {@code script} and returns its output; fails unless it exits 0. */
    String runOk(Duration timeout, String script) throws IOException, InterruptedException {
        Result result = run(timeout, script);
        if (result.status() != 0) {
            throw new AssertionError("guest " + kernel.id() + ": exit " + result.status() + " from:\n" + script
                    + "\noutput:\n" + result.output());
        }
        return result.output();
    }

    String console() throws IOException {
        return tail(console);
    }

    /**
     * Whether this guest is gone because its kernel oopsed on an int3 under QEMU's emulation (TCG).
     * Live text patching (static keys, tracepoints, kprobes) puts an int3 on the first byte while it
     * rewrites an instruction, and removes it before it returns; an emulated CPU has been seen to run
     * that int3 afterwards, in code no program of ours touches (__schedule, __netif_receive_skb_core
     * on 6.12). Not under KVM, where the same Oops would be the kernel's.
     */
    boolean diedOfEmulatorFault() throws IOException {
        String log = Files.readString(console, StandardCharsets.UTF_8);
        return !qemu.isAlive() && log.contains("boot.sh: accelerator tcg") && log.contains("Oops: int3");
    }

    @Override
    public void close() throws IOException {
        Files.writeString(queue.resolve("poweroff"), "");
        try {
            if (!qemu.waitFor(60, TimeUnit.SECONDS)) {
                destroy(qemu);
            }
        } catch (InterruptedException e) {
            destroy(qemu);
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().removeShutdownHook(powerCut);
    }

    /** boot.sh and QEMU under it: killing the script alone would leave QEMU running. */
    private static void destroy(Process bootScript) {
        bootScript.descendants().forEach(ProcessHandle::destroyForcibly);
        bootScript.destroyForcibly();
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() <= 6000 ? text : "…" + text.substring(text.length() - 6000);
    }
}
