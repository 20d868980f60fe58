package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kaddrs as ebpf_exporter's users write it: the exporter writes each symbol's address into the
 * program's {@code kaddr_<symbol>} global before load, and the program exports what it was given
 * (src/test/bpf/kaddrs.bpf.c). The addresses are those this test reads from /proc/kallsyms itself.
 */
@KernelTest
class KaddrsIT {
    private static final String METRIC = "ebpf_exporter_kernel_address_hits_total";

    @TempDir
    Path dir;

    @Test
    void theProgramSeesTheAddressOfEverySymbol() throws Exception {
        TestConfigs.copyTest(dir, "kaddrs");
        try (ExporterProcess exporter = ExporterProcess.start("kaddrs",
                "--config.dir", dir.toString(), "--drain.interval", "100ms").awaitReady()) {
            List<Series> scrape = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            List<String> exported = scrape.stream().filter(s -> s.name().equals(METRIC))
                    .map(s -> s.labels().get("address")).sorted().toList();
            assertThat(exported).containsExactlyInAnyOrder(kallsymsAddress("schedule"), kallsymsAddress("do_exit"));
            for (String address : exported) {
                assertThat(Series.sum(scrape, METRIC, Map.of("address", address))).isPositive();
            }
        }
    }

    /** The symbol's address as a decimal, from the kernel's own listing: the one line naming it. */
    private static String kallsymsAddress(String symbol) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("/proc/kallsyms")).stream()
                .filter(line -> line.endsWith(" " + symbol)).toList();
        assertThat(lines).as("kallsyms lines of %s", symbol).hasSize(1);
        return Long.toUnsignedString(Long.parseUnsignedLong(lines.get(0).split(" ")[0], 16));
    }
}
