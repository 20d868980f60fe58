package dev.ebpfexporter.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * GET on the telemetry path: one scrape of the registry (which only reads the latest drained
 * snapshot, never the kernel), written in the format the Accept header asks for and gzipped when
 * the client accepts it. {@code name[]=} limits the scrape to those names, as client_java's server
 * does. The body is built in memory before anything is sent, so a failing collector or writer
 * still gets a clean 500 instead of a truncated 200.
 */
final class MetricsHandler implements Handler {
    private static final String NAME_PARAMETER = "name[]";
    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();

    MetricsHandler(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(ctx.header(Header.ACCEPT));
        boolean gzip = AcceptEncoding.allowsGzip(ctx.header(Header.ACCEPT_ENCODING));
        byte[] body = render(writer, scrape(ctx.queryParams(NAME_PARAMETER)), gzip);
        if (gzip) {
            ctx.header(Header.CONTENT_ENCODING, "gzip");
        }
        ctx.header(Header.VARY, Header.ACCEPT_ENCODING).contentType(writer.getContentType()).result(body);
    }

    private MetricSnapshots scrape(List<String> names) {
        return names.isEmpty()
                ? registry.scrape()
                : registry.scrape(MetricNameFilter.builder().nameMustBeEqualTo(names).build());
    }

    private static byte[] render(ExpositionFormatWriter writer, MetricSnapshots snapshots, boolean gzip)
            throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        try (OutputStream out = gzip ? new GZIPOutputStream(buffer, 64 * 1024) : buffer) {
            writer.write(out, snapshots);
        }
        return buffer.toByteArray();
    }
}
