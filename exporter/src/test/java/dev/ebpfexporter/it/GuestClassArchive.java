package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A class-data archive of the exporter jar, dumped once per test run by a short run of the jar on
 * the host (start, serve one scrape, stop): guests map it to start their JVMs about twice as
 * fast under emulation. It is valid for the same JDK and jar, at the same paths, which a guest has.
 */
final class GuestClassArchive {
    private static final Path ARCHIVE = Path.of("target/vm/exporter.jsa").toAbsolutePath();
    private static boolean dumped;

    private GuestClassArchive() {}

    static synchronized Path get() throws IOException, InterruptedException {
        if (dumped) {
            return ARCHIVE;
        }
        Files.createDirectories(ARCHIVE.getParent());
        Files.deleteIfExists(ARCHIVE);
        Path configs = ShippedConfigs.copyAll(ARCHIVE.resolveSibling("archive-configs"));
        int port = ExporterProcess.freePort();
        List<String> command = new ArrayList<>(List.of(
                ExporterProcess.JAVA,
                "@" + ExporterProcess.JVM_OPTIONS, "-XX:ArchiveClassesAtExit=" + ARCHIVE,
                "-jar", ExporterProcess.JAR.toString(),
                "--config.dir", configs.toString(), "--web.listen-address", "127.0.0.1:" + port));
        try (ExporterProcess exporter = ExporterProcess.startCommand("class-archive", command, port).awaitReady()) {
            exporter.scrape();
            exporter.sigterm();
            exporter.awaitExit(Duration.ofSeconds(30));
        }
        if (!Files.isRegularFile(ARCHIVE)) {
            throw new AssertionError("the JVM dumped no class archive at " + ARCHIVE);
        }
        dumped = true;
        return ARCHIVE;
    }
}
