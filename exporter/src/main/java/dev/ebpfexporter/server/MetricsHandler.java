package dev.ebpfexporter.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * GET on the telemetry path: one scrape of the registry (which only reads the latest drained
 * snapshot), written in the format the Accept header asks for. {@code name[]=} limits the scrape
 * to those metric names, as client_java's server does. Compression is Javalin's (gzip when asked).
 */
final class MetricsHandler implements Handler {
    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();

    MetricsHandler(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(ctx.header("Accept"));
        List<String> names = ctx.queryParams("name[]");
        MetricSnapshots snapshots = names.isEmpty() ? registry.scrape() : registry.scrape(Set.copyOf(names)::contains);
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        writer.write(body, snapshots);
        ctx.contentType(writer.getContentType()).result(body.toByteArray());
    }
}
