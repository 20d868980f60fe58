package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged exporter jar running as a daemon in a guest ({@link GuestVm}), started as the
 * deployments start it (java @deploy/jvm.options), listening on the guest's forwarded port. Its
 * output and, once it exits, its exit status are files in the shared work directory.
 */
final class GuestExporter implements AutoCloseable {
    /** Where the guest keeps the class-data archive: mapped from guest memory, not over 9p. */
    private static final String GUEST_ARCHIVE = "/tmp/exporter.jsa";
    /** JVM start-up under emulation is slow: seconds where the host takes a fraction. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private final GuestVm vm;
    private final Path log;
    private final Path status;
    private final String pid;
    private final MetricsEndpoint endpoint;

    private GuestExporter(GuestVm vm, Path log, Path status, String pid) {
        this.vm = vm;
        this.log = log;
        this.status = status;
        this.pid = pid;
        this.endpoint = new MetricsEndpoint(vm.hostPort());
    }

    /**
     * The java command line the guest runs the jar with: the deployments' flags and the class-data
     * archive {@link #installClassArchive} put there (a JVM under emulation starts twice as fast).
     */
    static String javaCommand() {
        return ExporterProcess.JAVA + " @" + ExporterProcess.JVM_OPTIONS + " -XX:SharedArchiveFile=" + GUEST_ARCHIVE + " -jar "
                + ExporterProcess.JAR;
    }

    /** Copies {@code archive} (made by -XX:ArchiveClassesAtExit with this jar) into the guest's memory. */
    static void installClassArchive(GuestVm vm, Path archive) throws IOException, InterruptedException {
        vm.runOk(SCRIPT_TIMEOUT, "cp " + archive.toAbsolutePath() + " " + GUEST_ARCHIVE);
    }

    /** Runs on the CPUs of {@code cpus}, a taskset list. */
    static List<String> onCpus(String cpus) {
        return List.of("taskset", "-c", cpus);
    }

    /**
     * Starts the exporter in the background with {@code args} and --web.listen-address on the
     * forwarded port, its java command run by {@code launcher} (e.g. {@link #onCpus}).
     */
    static GuestExporter start(GuestVm vm, String name, List<String> launcher, String... args)
            throws IOException, InterruptedException {
        Path log = vm.workDir().resolve(name + ".log");
        Path status = vm.workDir().resolve(name + ".status");
        Path pidFile = vm.workDir().resolve(name + ".pid");
        Files.deleteIfExists(status);
        List<String> command = new ArrayList<>(launcher);
        command.add(javaCommand());
        command.addAll(List.of(args));
        command.addAll(List.of("--web.listen-address", ":" + GuestVm.GUEST_PORT));
        // A waiting shell keeps the exit status; the exporter's own pid is what a stop signals.
        vm.runOk(SCRIPT_TIMEOUT, "setsid bash -c '" + String.join(" ", command) + " & echo $! > " + pidFile
                + "; wait $!; echo $? > " + status + "' > " + log + " 2>&1 < /dev/null &\n"
                + "until [ -s " + pidFile + " ]; do sleep 0.05; done");
        return new GuestExporter(vm, log, status, Files.readString(pidFile).trim());
    }

    /** Waits until /metrics answers, failing early with the log if the exporter exits. */
    GuestExporter awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!endpoint.answers()) {
            if (Files.exists(status)) {
                throw new AssertionError("exporter in guest " + vm.kernel().id() + " exited with "
                        + Files.readString(status).trim() + " before ready:\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("exporter in guest " + vm.kernel().id() + " not ready after "
                        + READY_TIMEOUT + ":\n" + log());
            }
            Thread.sleep(100);
        }
        return this;
    }

    GuestVm vm() {
        return vm;
    }

    MetricsEndpoint endpoint() {
        return endpoint;
    }

    List<Series> scrape() throws IOException, InterruptedException {
        return endpoint.scrape();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGTERM, then its exit status once it has stopped (SIGKILL if it has not after a while). */
    int stop() throws IOException, InterruptedException {
        if (!Files.exists(status)) {
            vm.run(SCRIPT_TIMEOUT, "kill -TERM " + pid + "\nfor i in $(seq 100); do kill -0 " + pid
                    + " 2>/dev/null || exit 0; sleep 0.1; done\nkill -KILL " + pid);
        }
        long deadline = System.nanoTime() + SCRIPT_TIMEOUT.toNanos();
        while (!Files.exists(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("exporter in guest " + vm.kernel().id() + " wrote no exit status:\n" + log());
            }
            Thread.sleep(50);
        }
        return Integer.parseInt(Files.readString(status).trim());
    }

    /** Stops the exporter if a test left it running. */
    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
