package dev.ebpfexporter.server;

import dev.ebpfexporter.web.WebSecurity;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side on Javalin (Jetty 12): the telemetry path, a status page on {@code /}, the reload
 * endpoint, the {@code /-/healthy} and {@code /-/ready} probes, debug endpoints when asked for, 404
 * elsewhere; over TLS and behind basic auth when the web config
 * says so. Nothing here touches the kernel: a scrape reads what the drain loop last published.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    /**
     * A metrics endpoint has a few scrapers. Jetty 12 takes one thread for the acceptor, one for
     * the selector and reserves a few for itself; what is left serves requests.
     */
    private static final int MAX_THREADS = 8;
    private static final int MIN_THREADS = 2;
    /**
     * Connections held open at once. Each costs a file descriptor and ~5 KiB of heap and buffers:
     * without a cap, 16,600 idle connections took 90 MiB and the fd limit. Scrapers are a handful;
     * more connections wait in the kernel's accept queue until one closes.
     */
    static final int MAX_CONNECTIONS = 128;
    /** Connections waiting to be accepted: 500 concurrent scrapes queue rather than get refused. */
    static final int ACCEPT_QUEUE = 1024;
    /**
     * A connection that sends nothing for this long is closed, so a client that connects and
     * stalls holds a slot for seconds, not forever. Prometheus reconnects for its next scrape.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

    private final Javalin app;
    private final ListenAddress address;

    private MetricsServer(Javalin app, ListenAddress address) {
        this.app = app;
        this.address = address;
    }

    /**
     * Binds {@code address} and serves until {@link #close()}.
     *
     * @param telemetryPath where the metrics are, starting with {@code /} and not {@code /} itself
     * @param version shown on the status page
     * @param status taken on each request of the status page
     * @param security TLS, basic auth and headers for every path; {@link WebSecurity#none()} for open HTTP
     * @param debugEndpoints whether {@value ThreadDump#PATH} is served (404 otherwise)
     * @param reloader what {@value ReloadHandler#PATH} runs; empty when that endpoint is off (403)
     * @throws ServerStartException if the address cannot be bound; nothing is left running then
     */
    public static MetricsServer start(ListenAddress address, String telemetryPath, String version,
            PrometheusRegistry registry, Supplier<ExporterStatus> status, WebSecurity security,
            boolean debugEndpoints, Optional<Reloader> reloader) throws ServerStartException {
        Health health = new Health(status, Clock.systemUTC());
        Javalin app = Javalin.create(config -> {
            quiet(config);
            config.jetty.threadPool = threadPool();
            config.jetty.addConnector((server, http) -> boundConnector(server,
                    TlsConnection.factories(server, http, security.tls(), health), address));
            config.http.compressionStrategy = CompressionStrategy.NONE; // the scrape handler gzips itself
            config.routes.before(ctx -> security.headers().forEach(ctx::header));
            security.basicAuth().ifPresent(auth -> config.routes.before(new BasicAuthHandler(auth)));
            MetricsHandler metrics = new MetricsHandler(registry);
            config.routes.get(telemetryPath, metrics);
            config.routes.head(telemetryPath, metrics);
            config.routes.get("/", new StatusPage(version, telemetryPath, status, Clock.systemUTC()));
            ReloadHandler reload = new ReloadHandler(reloader);
            config.routes.post(ReloadHandler.PATH, reload);
            config.routes.put(ReloadHandler.PATH, reload);
            config.routes.get(ReloadHandler.PATH, ReloadHandler::methodNotAllowed);
            config.routes.get(Health.HEALTHY, health::healthy);
            config.routes.get(Health.READY, health::ready);
            if (debugEndpoints) {
                config.routes.get(ThreadDump.PATH, new ThreadDump());
            }
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType("text/plain; charset=utf-8")
                        .result("internal error: " + e + "\n");
            });
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop(); // the thread pool and any connector opened before the failure
            throw new ServerStartException("cannot listen on " + address + ": " + BindFailure.explain(e), e);
        }
        return new MetricsServer(app, new ListenAddress(address.host(), app.port()));
    }

    /** No banner, no version check, no "you never started it" watcher thread. */
    private static void quiet(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.startup.startupWatcherEnabled = false;
    }

    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        pool.setName("http");
        return pool;
    }

    /**
     * Our own connector (one acceptor, one selector) instead of Javalin's default, bound here so a
     * bind failure surfaces as our exception before Jetty starts anything (Javalin would log it
     * at ERROR with a stack trace first).
     */
    private static ServerConnector boundConnector(Server server, ConnectionFactory[] factories, ListenAddress address) {
        ServerConnector connector = new ServerConnector(server, 1, 1, factories);
        connector.setHost(address.host().isEmpty() ? null : address.host());
        connector.setPort(address.port());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        try {
            connector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return connector;
    }

    /** The address actually bound: the port is resolved when 0 was asked for. */
    public ListenAddress address() {
        return address;
    }

    @Override
    public void close() {
        app.stop();
    }
}
