package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped page-faults config retires idle keys, so comms that come and go cannot fill its map
 * (issue 13, defect 7). Here its map is shrunk to 512 entries and its idle_timeout to 1 s; 1,200
 * faulter runs, each under a comm of its own, push more than twice max_entries distinct comms
 * through it. No increment may find the map full, and counting stays exact under the churn: for
 * each comm, the last value a scraper saw before its series left equals the faults the kernel's
 * getrusage counted for it (each comm counts only inside its faulter's window, then idles).
 */
@KernelTest
class PageFaultsChurnIT {
    private static final int MAX_ENTRIES = 512;
    private static final int COMMS = 1_200;
    private static final long PAGES = 50;
    private static final Map<String, String> MAP = Map.of("config", "page-faults", "map", "page_faults_total");

    @TempDir
    Path configDir;

    @Test
    void commsChurningPastMaxEntriesNeverFillTheMapAndEveryFaultIsExposed() throws Exception {
        TestConfigs.copyShipped(configDir, "page-faults", yaml -> {
            assertThat(yaml).as("the shipped config retires idle keys").contains("      idle_timeout: 1m\n");
            return yaml.replace("      idle_timeout: 1m\n", "      idle_timeout: 1s\n      max_entries: " + MAX_ENTRIES + "\n");
        });
        String prefix = Faulter.uniqueComm().substring(0, 8);
        try (ExporterProcess exporter = ExporterProcess.start("page-faults-churn",
                "--config.dir", configDir.toString(), "--drain.interval", "100ms").awaitReady()) {
            LastValues scraper = new LastValues(exporter, prefix);
            Thread scraping = new Thread(scraper, "scraper");
            scraping.start();

            long kernelCount = 0;
            for (int i = 0; i < COMMS; i++) {
                kernelCount += Faulter.run(String.format("%s%05d", prefix, i), PAGES);
            }
            List<Series> last = awaitRetired(exporter, prefix);
            scraper.stop.set(true);
            scraping.join();

            assertThat(scraper.failures).as("scrape failures").isEmpty();
            double exported = scraper.last.values().stream().mapToDouble(Double::doubleValue).sum();
            double retired = Series.sum(last, "ebpf_exporter_map_keys_retired_total", MAP);
            System.out.printf("%d comms: exported %.0f, getrusage %d; %.0f keys retired, at most %.0f in the map;"
                    + " %d scrapes%n", scraper.last.size(), exported, kernelCount, retired, scraper.mostEntries,
                    scraper.scrapes.get());
            assertThat(Series.sum(last, "ebpf_exporter_map_overflow_total", MAP))
                    .as("increments that found the map full").isZero();
            assertThat(Series.values(last, PageFaultsExactnessIT.METRIC, Map.of("comm", "[overflow]"))).isEmpty();
            assertThat(scraper.last).as("comms seen").hasSize(COMMS);
            assertThat(retired).as("keys retired").isGreaterThanOrEqualTo(COMMS);
            assertThat(scraper.mostEntries).isLessThan(MAX_ENTRIES);
            assertThat(exported).as("faults exported vs getrusage").isEqualTo((double) kernelCount);
        }
    }

    /** Waits until no series of the test's comms is left: each has been retired. */
    private static List<Series> awaitRetired(ExporterProcess exporter, String prefix) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<Series> scrape = exporter.scrape();
            if (scrape.stream().noneMatch(s -> s.labels().getOrDefault("comm", "").startsWith(prefix))) {
                return scrape;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the test's comms were not retired within 10 s");
    }

    /** Keeps each test comm's last value (user and kernel faults summed), which must never go down. */
    private static final class LastValues extends ScrapeLoop {
        final Map<String, Double> last = new ConcurrentHashMap<>();
        volatile double mostEntries;
        private final String prefix;

        LastValues(ExporterProcess exporter, String prefix) {
            super(exporter);
            this.prefix = prefix;
        }

        @Override
        void check(List<Series> scrape) {
            Map<String, Double> byComm = new HashMap<>();
            for (Series s : scrape) {
                String comm = s.labels().getOrDefault("comm", "");
                if (s.name().equals(PageFaultsExactnessIT.METRIC) && comm.startsWith(prefix)) {
                    byComm.merge(comm, s.value(), Double::sum);
                }
            }
            byComm.forEach((comm, value) -> {
                Double previous = last.put(comm, value);
                if (previous != null && value < previous) {
                    failures.add(comm + " went down: " + previous + " -> " + value);
                }
            });
            mostEntries = Math.max(mostEntries, Series.sum(scrape, "ebpf_exporter_map_entries", MAP));
        }
    }
}
