package dev.ebpfexporter.server;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.BindException;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP side: the telemetry path and the status page, on Javalin (Jetty 12). */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    /** A metrics endpoint serves a few scrapers; Jetty needs some threads for itself too. */
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 4;

    private final Javalin app;
    private final ListenAddress bound;

    private MetricsServer(Javalin app, ListenAddress bound) {
        this.app = app;
        this.bound = bound;
    }

    public static MetricsServer start(ListenAddress address, String telemetryPath, String version,
            PrometheusRegistry registry, Supplier<List<ConfigStatus>> statuses) throws ServerStartException {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.threadPool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
            config.routes.get(telemetryPath, new MetricsHandler(registry));
            config.routes.get("/", new StatusPage(version, telemetryPath, statuses));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).result("internal error: " + e);
            });
        });
        try {
            app.start(address.host().isEmpty() ? null : address.host(), address.port());
        } catch (RuntimeException e) {
            app.stop();
            throw new ServerStartException("cannot listen on " + address + ": " + reason(e)
                    + ". Choose another address with --web.listen-address", e);
        }
        return new MetricsServer(app, new ListenAddress(address.host(), app.port()));
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "address already in use or not available (" + t.getMessage()
                        + "); is another exporter running?";
            }
        }
        return e.getMessage();
    }

    /** The address actually bound (port 0 resolved). */
    public ListenAddress address() {
        return bound;
    }

    @Override
    public void close() {
        app.stop();
    }
}
