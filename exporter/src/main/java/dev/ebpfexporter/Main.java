package dev.ebpfexporter;

import ch.qos.logback.classic.Level;
import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.KernelFeatures;
import dev.ebpfexporter.bpf.RunTimeStats;
import dev.ebpfexporter.config.ClasspathConfigSource;
import dev.ebpfexporter.config.ConfigException;
import dev.ebpfexporter.config.ConfigParser;
import dev.ebpfexporter.config.ConfigSource;
import dev.ebpfexporter.config.DirectoryConfigSource;
import dev.ebpfexporter.config.ExporterConfig;
import dev.ebpfexporter.decode.Decoders;
import dev.ebpfexporter.load.LoadException;
import dev.ebpfexporter.load.LoadedConfig;
import dev.ebpfexporter.load.ProgramLoader;
import dev.ebpfexporter.metrics.DrainLoop;
import dev.ebpfexporter.metrics.EbpfCollector;
import dev.ebpfexporter.metrics.MetricSource;
import dev.ebpfexporter.metrics.ProgramSource;
import dev.ebpfexporter.server.ConfigStatus;
import dev.ebpfexporter.server.ExporterStatus;
import dev.ebpfexporter.server.MetricsServer;
import dev.ebpfexporter.server.ServerStartException;
import dev.ebpfexporter.web.WebSecurity;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags → configs → open/load/attach → drain loop feeding one collector → HTTP server → wait for
 * SIGTERM/SIGINT → release everything in reverse. The only class that exits the process: 0 only
 * for a requested stop (a signal, --config.check passing, --help), non-zero with the cause logged
 * for everything else, fatal JVM errors included, so that a service manager restarts it.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final int EXIT_FAILURE = 1;
    private static final Set<String> LINT_FAILING_METERS = Set.of("system.cpu.count", "process.cpu.time");

    private final Options options;
    private final Resources resources = new Resources();
    private final AtomicBoolean exitingOnOwnAccord = new AtomicBoolean();

    private Main(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options.Parsed parsed = Options.parse(args);
        if (parsed instanceof Options.Exit exit) {
            (exit.status() == 0 ? System.out : System.err).println(exit.output().strip());
            System.exit(exit.status());
        }
        Options options = ((Options.Run) parsed).options();
        if (options.debug()) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.DEBUG);
        }
        Main main = new Main(options);
        Thread.setDefaultUncaughtExceptionHandler(main::uncaught);
        try {
            main.run();
        } catch (Throwable fatal) { // an Error in start-up (OutOfMemoryError, UnsatisfiedLinkError): exit non-zero
            main.fatal(Thread.currentThread(), fatal);
        }
    }

    private void run() {
        long startNanos = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdownNotRequested, "shutdown"));
        Signals.handle("TERM", this::stopOnSignal);
        Signals.handle("INT", this::stopOnSignal);
        // Before any program is loaded: a mistake in the web config then leaves nothing in the kernel.
        WebSecurity security = webSecurity();

        ConfigSource source = options.configDir().<ConfigSource>map(DirectoryConfigSource::new)
                .orElseGet(ClasspathConfigSource::bundled);
        List<ConfigStatus> statuses = new ArrayList<>();
        List<LoadedConfig> loaded = loadConfigs(source, statuses);
        long failed = statuses.stream().filter(s -> !s.loaded()).count();
        if (loaded.isEmpty()) {
            exit(EXIT_FAILURE, "no config could be loaded (" + statuses.size() + " tried); see the errors above");
        }
        if (failed > 0 && (options.configStrict() || options.configCheck())) {
            exit(EXIT_FAILURE, failed + " of " + statuses.size() + " configs failed"
                    + (options.configStrict() ? " and --config.strict is set" : ""));
        }
        if (options.configCheck()) {
            LOG.info("config check passed: {} configs loaded and attached", loaded.size());
            exit(0, null);
        }

        PrometheusRegistry registry = new PrometheusRegistry();
        registerProcessMetrics(registry);
        List<MetricSource> sources = loaded.stream().flatMap(l -> l.sources().stream()).toList();
        List<ProgramSource> programs = loaded.stream().flatMap(l -> l.programs().stream()).toList();
        Map<String, Boolean> configsLoaded = new LinkedHashMap<>();
        statuses.forEach(s -> configsLoaded.put(s.name(), s.loaded()));
        boolean statsHeld = options.bpfStats() && enableRunTimeStats();
        DrainLoop drain = resources.hold(new DrainLoop(sources, programs, configsLoaded, options.drainInterval()));
        drain.start();
        registry.register(new EbpfCollector(drain::latest));

        List<ConfigStatus> finalStatuses = List.copyOf(statuses);
        Supplier<ExporterStatus> status = () ->
                new ExporterStatus(finalStatuses, drain.status(), options.drainInterval(),
                        statsHeld || RunTimeStats.enabledBySysctl());
        try {
            MetricsServer server = resources.hold(
                    MetricsServer.start(options.listenAddress(), options.telemetryPath(), Version.current(), registry,
                            status, security, options.debug()));
            LOG.info("ready in {} ms: {} of {} configs loaded, serving {}://{}{} (drain every {})",
                    (System.nanoTime() - startNanos) / 1_000_000, loaded.size(), statuses.size(), security.scheme(),
                    server.address(), options.telemetryPath(), options.drainInterval().toMillis() + " ms");
        } catch (ServerStartException e) {
            exit(EXIT_FAILURE, e.getMessage());
        }
        awaitShutdown();
    }

    /** Without the kernel's consent the exporter still runs: only the cost figures stand still. */
    private boolean enableRunTimeStats() {
        try {
            resources.hold(RunTimeStats.enable());
            LOG.info("BPF run-time stats are on while the exporter runs (--bpf.stats)");
            return true;
        } catch (BpfException e) {
            LOG.warn("--bpf.stats: cannot turn on BPF run-time stats, program costs will not be counted: {}",
                    e.getMessage());
            return false;
        }
    }

    private WebSecurity webSecurity() {
        if (options.webConfigFile().isEmpty()) {
            return WebSecurity.none();
        }
        try {
            WebSecurity security = WebSecurity.load(options.webConfigFile().get());
            if (security.basicAuth().isPresent() && security.tls().isEmpty()) {
                LOG.warn("{}: basic_auth_users without tls_server_config: passwords cross the network in clear text",
                        options.webConfigFile().get());
            }
            return security;
        } catch (ConfigException e) {
            exit(EXIT_FAILURE, "--web.config.file: " + e.getMessage());
            return WebSecurity.none();
        }
    }

    private List<LoadedConfig> loadConfigs(ConfigSource source, List<ConfigStatus> statuses) {
        List<String> names;
        try {
            names = options.configNames().isEmpty() ? source.names() : options.configNames();
        } catch (ConfigException e) {
            exit(EXIT_FAILURE, e.getMessage());
            return List.of();
        }
        ConfigParser parser = new ConfigParser(Decoders.standard().names());
        ProgramLoader loader = new ProgramLoader(KernelFeatures.probe());
        List<LoadedConfig> loaded = new ArrayList<>();
        for (String name : names) {
            try {
                ExporterConfig config = parser.parse(source, name);
                config.unsupported().forEach(LOG::warn);
                LoadedConfig running = resources.hold(
                        loader.load(config, source.describeObject(name), source.readObject(name)));
                loaded.add(running);
                statuses.add(ConfigStatus.loaded(name, config.source(), running.programNames()));
                LOG.info("{}: loaded, attached {}", config.source(), running.programNames());
            } catch (ConfigException | LoadException e) {
                // Under --config.strict or --config.check nothing is skipped: the run ends below.
                boolean endsTheRun = options.configStrict() || options.configCheck();
                LOG.error("config '{}' {}: {}", name, endsTheRun ? "failed" : "is skipped", e.getMessage());
                statuses.add(ConfigStatus.failed(name, source.describe(name), e.getMessage()));
            }
        }
        return loaded;
    }

    private static void registerProcessMetrics(PrometheusRegistry registry) {
        // The process_* metrics every Prometheus exporter serves, under their standard names
        // (process_cpu_seconds_total, process_resident_memory_bytes, process_open_fds, …).
        ProcessMetrics.builder().register(registry);
        // Micrometer writes the JVM's metrics into the same registry, so they come out of the same
        // /metrics exposition; its uptime and file-descriptor binders are left out, as they would
        // expose the process metrics above a second time under other names.
        PrometheusMeterRegistry meters =
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, registry, Clock.SYSTEM);
        // Both fail promtool's lint (a "_count" gauge, an abbreviated unit); process_cpu_usage stays.
        meters.config().meterFilter(MeterFilter.deny(id -> LINT_FAILING_METERS.contains(id.getName())));
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
    }

    private static void awaitShutdown() {
        try {
            new CountDownLatch(1).await(); // the shutdown hook ends the process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases everything and exits with {@code status}; the shutdown hook then has nothing to do. */
    private void exit(int status, String error) {
        exitingOnOwnAccord.set(true);
        if (error != null) {
            LOG.error("{}", error);
        }
        resources.close();
        System.exit(status);
    }

    /** SIGTERM/SIGINT: a requested stop, the one exit besides --config.check and --help with status 0. */
    private void stopOnSignal() {
        if (exitingOnOwnAccord.get()) {
            return; // already on its way out, with the status that exit chose
        }
        LOG.info("signal received: detaching programs and shutting down");
        exit(0, null);
    }

    /**
     * An Error that no code caught, in any thread (a RuntimeException ends only its own task; the
     * drain and the HTTP server handle theirs): the daemon's state is unknown, so it exits non-zero.
     */
    private void uncaught(Thread thread, Throwable throwable) {
        if (throwable instanceof Error) {
            fatal(thread, throwable);
        } else {
            LOG.error("uncaught exception in thread {}", thread.getName(), throwable);
        }
    }

    /**
     * Logs the cause and exits 1 from a thread of its own: the failing thread may be one that
     * releasing the resources waits for (the drain), and System.exit never returns.
     */
    private void fatal(Thread thread, Throwable cause) {
        if (!exitingOnOwnAccord.compareAndSet(false, true)) {
            return;
        }
        LOG.error("fatal error in thread {}, exiting with status {}: {}", thread.getName(), EXIT_FAILURE, cause, cause);
        Thread exiting = new Thread(() -> {
            try {
                resources.close();
            } finally {
                System.exit(EXIT_FAILURE);
            }
        }, "fatal-exit");
        exiting.start();
    }

    /**
     * A JVM exit that none of the above started (another signal the JVM stops on, such as SIGHUP,
     * or System.exit from a library): the kernel resources are released all the same, and the exit
     * status stays the JVM's (non-zero for a signal), never a made-up success.
     */
    private void shutdownNotRequested() {
        if (exitingOnOwnAccord.get()) {
            return;
        }
        LOG.warn("the JVM is exiting without a SIGTERM/SIGINT: detaching programs");
        resources.close();
    }
}
