package dev.ebpfexporter.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scrapes an exporter as fast as it answers, on a thread of its own, until {@link #stop} is set,
 * handing each scrape to {@link #check}; a scrape that fails is a failure and ends the loop.
 */
abstract class ScrapeLoop implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger scrapes = new AtomicInteger();
    final List<String> failures = new CopyOnWriteArrayList<>();
    private final ExporterProcess exporter;

    ScrapeLoop(ExporterProcess exporter) {
        this.exporter = exporter;
    }

    /** Looks at one scrape; adds to {@link #failures} what is wrong with it. */
    abstract void check(List<Series> scrape);

    @Override
    public void run() {
        while (!stop.get()) {
            try {
                check(exporter.scrape());
                scrapes.incrementAndGet();
            } catch (Exception e) {
                failures.add(e.toString());
                return;
            }
        }
    }
}
