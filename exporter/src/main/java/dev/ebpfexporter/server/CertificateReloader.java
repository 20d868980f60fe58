package dev.ebpfexporter.server;

import dev.ebpfexporter.config.BoundedFile;
import dev.ebpfexporter.config.ConfigException;
import dev.ebpfexporter.web.TlsConfig;
import dev.ebpfexporter.web.TlsCredentials;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificate rotation: the cert, key and client CA files are read every {@code interval}, and
 * when their contents change, checked and handed to the TLS context, so new connections get the
 * new certificate without a restart (cert-manager, a renewal cron job). Contents rather than
 * modification times, so that Kubernetes' swap of a secret volume's symlink is seen like any
 * rewrite. Files that do not pass the checks (a key written before its certificate, say) leave the
 * previous credentials in use, with a warning, until the files change again. Every file is read
 * through {@link BoundedFile}, so a FIFO or {@code /dev/zero} put in a file's place cannot hang or
 * fill the heap. A bean of the Jetty server: it starts and stops with it. Should it end or hang
 * all the same, {@link #trouble} says so, and {@code /-/healthy} with it.
 */
final class CertificateReloader extends AbstractLifeCycle implements Health.Task {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final TlsConfig config;
    private final ServerSslContextFactory context;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private volatile ScheduledFuture<?> checks;
    private volatile long lastCheckNanos;
    private List<ByteBuffer> lastSeen;

    CertificateReloader(TlsConfig config, ServerSslContextFactory context, Duration interval) {
        this.config = config;
        this.context = context;
        this.interval = interval;
    }

    @Override
    protected void doStart() {
        lastSeen = contents();
        lastCheckNanos = System.nanoTime();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        checks = scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * One check; a RuntimeException is logged and the next check runs. An Error ends the schedule
     * for good: logged here, as the executor would keep it to itself.
     */
    private void check() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            LOG.warn("TLS certificate check failed, the previous certificate stays: {}", e.toString());
        } catch (Error e) {
            LOG.error("the TLS certificate reloader stopped; renewed certificates are not taken until a restart", e);
            throw e;
        }
        lastCheckNanos = System.nanoTime();
    }

    @Override
    public Optional<String> trouble(long nowNanos) {
        ScheduledFuture<?> running = checks;
        if (running == null || !isRunning()) {
            return Optional.empty();
        }
        if (running.isDone()) {
            return Optional.of("the TLS certificate reloader stopped (" + cause(running)
                    + "): renewed certificates are not taken until a restart");
        }
        Duration since = Duration.ofNanos(nowNanos - lastCheckNanos);
        if (since.compareTo(Health.staleAfter(interval)) > 0) {
            return Optional.of("the TLS certificate reloader has not finished a check of " + config.certFile()
                    + " for " + since.toSeconds() + " s: it hangs");
        }
        return Optional.empty();
    }

    private static String cause(ScheduledFuture<?> ended) {
        try {
            ended.get();
            return "it ended";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) { // cancelled
            return e.toString();
        }
    }

    @Override
    protected void doStop() {
        scheduler.shutdownNow();
    }

    private void reloadIfChanged() {
        List<ByteBuffer> now = contents();
        if (now.equals(lastSeen)) {
            return;
        }
        lastSeen = now;
        try {
            TlsCredentials credentials = TlsCredentials.load(config);
            context.reload(factory -> context.use(credentials));
            LOG.info("TLS certificate reloaded from {}", config.certFile());
        } catch (ConfigException e) {
            LOG.warn("TLS files changed but cannot be used, the previous certificate stays: {}", e.getMessage());
        } catch (Exception e) {
            LOG.warn("TLS reload failed, the previous certificate stays: {}", e.toString());
        }
    }

    /** Each watched file's bytes; a file that cannot be read counts as empty, so its return is a change. */
    private List<ByteBuffer> contents() {
        return Stream.concat(Stream.of(config.certFile(), config.keyFile()), config.clientCaFile().stream())
                .map(CertificateReloader::read).toList();
    }

    private static ByteBuffer read(Path file) {
        try {
            return ByteBuffer.wrap(BoundedFile.read(file, BoundedFile.PEM_LIMIT));
        } catch (IOException e) {
            return ByteBuffer.allocate(0);
        }
    }
}
