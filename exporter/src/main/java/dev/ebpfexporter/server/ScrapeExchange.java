package dev.ebpfexporter.server;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scrape request as client_java's {@code PrometheusScrapeHandler} sees it, on a Javalin
 * {@link Context}. Status, headers and body are held back until the handler has finished: the
 * handler streams a gzipped body straight into what it is given, so a writer failing half-way
 * would otherwise leave a truncated but well-formed 200, silently short of series. Held back, a
 * failure reaches the server's exception handler with nothing sent, and the scraper gets a 500.
 */
final class ScrapeExchange implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {
    private final Context ctx;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Body body = new Body();
    private int status;
    private boolean failed;

    ScrapeExchange(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public PrometheusHttpRequest getRequest() {
        return this;
    }

    @Override
    public PrometheusHttpResponse getResponse() {
        return this;
    }

    @Override
    public String getQueryString() {
        return ctx.queryString();
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return ctx.req().getHeaders(name);
    }

    @Override
    public String getMethod() {
        return ctx.req().getMethod();
    }

    @Override
    public String getRequestPath() {
        return ctx.path();
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name, value);
    }

    @Override
    public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
        status = statusCode;
        return body;
    }

    @Override
    public void handleException(IOException e) throws IOException {
        failed = true;
        throw e;
    }

    @Override
    public void handleException(RuntimeException e) {
        failed = true;
        throw e;
    }

    /** Sends what the handler produced, unless it failed (the exception is on its way). */
    @Override
    public void close() {
        if (failed) {
            return;
        }
        headers.forEach(ctx::header);
        // The body differs by Accept-Encoding, so a cache must not hand a gzipped one to another client.
        ctx.header(Header.VARY, Header.ACCEPT_ENCODING).status(status).result(body.asInput());
    }

    /** The body, read back without copying it. */
    private static final class Body extends ByteArrayOutputStream {
        Body() {
            super(64 * 1024);
        }

        InputStream asInput() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }
}
