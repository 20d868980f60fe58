package dev.ebpfexporter.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * GET and HEAD on the telemetry path: one scrape of the registry (which only reads the latest
 * drained snapshot, never the kernel) by client_java's own scrape handler, as its HTTP servers
 * serve it: the format the Accept header asks for, gzip when the client names it,
 * {@code name[]=} to limit the scrape to those names, {@code debug=text|openmetrics|prometheus-protobuf}
 * for a readable body. {@link ScrapeExchange} adapts it to Javalin.
 */
final class MetricsHandler implements Handler {
    private final PrometheusScrapeHandler scrapeHandler;

    MetricsHandler(PrometheusRegistry registry) {
        this.scrapeHandler = new PrometheusScrapeHandler(registry);
    }

    @Override
    public void handle(Context ctx) throws IOException {
        scrapeHandler.handleRequest(new ScrapeExchange(ctx));
    }
}
