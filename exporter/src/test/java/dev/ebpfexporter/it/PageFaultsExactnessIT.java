package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page-faults program counts exactly: a helper process faults N pages under a unique comm
 * while the exporter drains every 100 ms and another thread scrapes as fast as it can; the
 * scraped counter must equal the helper's own getrusage count.
 *
 * <p>Tolerance: 0.1 %. The tracepoint fires once per fault exception and getrusage counts each
 * fault the mm handles; they can differ only by spurious faults (fired, not handled) or retried
 * ones (handled twice, counted once), which fresh private anonymous pages do not produce. We
 * expect and normally see an exact match.
 */
@KernelTest
class PageFaultsExactnessIT {
    static final String METRIC = "ebpf_exporter_page_faults_total";
    private static final long PAGES = 200_000;
    static final double TOLERANCE = 0.001;

    @TempDir
    Path configDir;

    @Test
    void scrapedCountEqualsTheKernelsOwnCountWhileDrainingAndScrapingConcurrently() throws Exception {
        TestConfigs.copyShipped(configDir, "page-faults");
        String comm = Faulter.uniqueComm();
        try (ExporterProcess exporter = ExporterProcess.start("page-faults-exactness",
                "--config.dir", configDir.toString(), "--drain.interval", "100ms").awaitReady()) {
            ConcurrentScraper scraper = new ConcurrentScraper(exporter, comm);
            Thread scraping = new Thread(scraper, "scraper");
            scraping.start();

            long kernelCount = Faulter.run(comm, PAGES);
            double exported = awaitStable(exporter.endpoint(), comm);

            scraper.stop.set(true);
            scraping.join();
            assertThat(scraper.failures).as("concurrent scrape failures").isEmpty();
            assertThat(scraper.scrapes.get()).as("concurrent scrapes").isGreaterThan(5);
            System.out.printf("%s: exported %.0f, getrusage %d, %d concurrent scrapes%n",
                    comm, exported, kernelCount, scraper.scrapes.get());
            assertThat(kernelCount).as("getrusage count for %d fresh pages", PAGES).isGreaterThanOrEqualTo(PAGES);
            assertThat(exported).as("exported count for %d fresh pages", PAGES).isGreaterThanOrEqualTo(PAGES);
            assertThat(exported).as("faults exported for %s vs getrusage %d", comm, kernelCount)
                    .isCloseTo(kernelCount, withPercentage(TOLERANCE * 100));
        }
    }

    /** The value once three drains in a row agree (the helper has exited, nothing more can come). */
    static double awaitStable(MetricsEndpoint exporter, String comm) throws Exception {
        double last = -1;
        int same = 0;
        for (int i = 0; i < 100 && same < 3; i++) {
            Thread.sleep(150);
            double now = Series.sum(exporter.scrape(), METRIC, Map.of("comm", comm));
            same = now == last ? same + 1 : 0;
            last = now;
        }
        return last;
    }

    /** Scrapes in a loop; every value seen for the comm must never go down. */
    static final class ConcurrentScraper extends ScrapeLoop {
        private final String comm;
        private double previous;

        ConcurrentScraper(ExporterProcess exporter, String comm) {
            super(exporter);
            this.comm = comm;
        }

        @Override
        void check(List<Series> scrape) {
            double now = Series.sum(scrape, METRIC, Map.of("comm", comm));
            if (now < previous) {
                failures.add("counter went down: " + previous + " -> " + now);
            }
            previous = now;
        }
    }
}
