package dev.ebpfexporter;

import ch.qos.logback.classic.Level;
import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.Capability;
import dev.ebpfexporter.bpf.KernelFeatures;
import dev.ebpfexporter.bpf.Privileges;
import dev.ebpfexporter.bpf.RunTimeStats;
import dev.ebpfexporter.config.ClasspathConfigSource;
import dev.ebpfexporter.config.ConfigException;
import dev.ebpfexporter.config.ConfigParser;
import dev.ebpfexporter.config.ConfigSource;
import dev.ebpfexporter.config.DirectoryConfigSource;
import dev.ebpfexporter.decode.Decoders;
import dev.ebpfexporter.load.ProgramLoader;
import dev.ebpfexporter.metrics.DrainLoop;
import dev.ebpfexporter.metrics.EbpfCollector;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags → HTTP server bound → configs loaded and attached → drain loop feeding one collector → wait
 * for SIGTERM/SIGINT, reloading the configs on SIGHUP (and POST /-/reload when enabled) → release
 * everything in reverse. The only class that exits the process: 0 only
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
        DrainLoop drain = new DrainLoop(List.of(), List.of(), Map.of(), options.drainInterval());
        RunningConfigs configs = new RunningConfigs(source, options.configNames(),
                options.configStrict() || options.configCheck(), new ConfigParser(Decoders.standard().names()),
                new ProgramLoader(KernelFeatures.probe()), drain, java.time.Clock.systemUTC());
        Signals.handle("HUP", () -> reloadOnSignal(configs));
        AtomicBoolean statsHeld = new AtomicBoolean();
        // Bound before any program is loaded: a port in use then leaves nothing in the kernel.
        Optional<MetricsServer> server = options.configCheck() ? Optional.empty()
                : Optional.of(startServer(security, drain, configs, statsHeld::get));
        resources.hold(configs);
        resources.hold(drain);

        configs.reload();
        List<ConfigStatus> statuses = configs.statuses().orElseThrow();
        long loaded = statuses.stream().filter(ConfigStatus::loaded).count();
        if (loaded == 0) {
            exit(EXIT_FAILURE, "no config could be loaded (" + statuses.size() + " tried); see the errors above");
        }
        long failed = statuses.size() - loaded;
        if (failed > 0 && (options.configStrict() || options.configCheck())) {
            exit(EXIT_FAILURE, failed + " of " + statuses.size() + " configs failed"
                    + (options.configStrict() ? " and --config.strict is set" : ""));
        }
        if (server.isEmpty()) {
            LOG.info("config check passed: {} configs loaded and attached", loaded);
            exit(0, null);
            return;
        }
        statsHeld.set(options.bpfStats() && enableRunTimeStats());
        options.capabilitiesKeep().ifPresent(this::restrictPrivileges);
        drain.start();
        LOG.info("ready in {} ms: {} of {} configs loaded, serving {}://{}{} (drain every {})",
                (System.nanoTime() - startNanos) / 1_000_000, loaded, statuses.size(), security.scheme(),
                server.get().address(), options.telemetryPath(), options.drainInterval().toMillis() + " ms");
        awaitShutdown();
    }

    /** The HTTP server, answering before the configs load: the status page says so, and scrapes get no BPF metrics yet. */
    private MetricsServer startServer(WebSecurity security, DrainLoop drain, RunningConfigs configs,
            BooleanSupplier statsHeld) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registerProcessMetrics(registry);
        registry.register(new EbpfCollector(drain::latest));
        Supplier<ExporterStatus> status = () -> {
            Optional<List<ConfigStatus>> statuses = configs.statuses();
            return new ExporterStatus(statuses.isEmpty(), statuses.orElse(List.of()), drain.status(),
                    options.drainInterval(), statsHeld.getAsBoolean() || RunTimeStats.enabledBySysctl());
        };
        try {
            return resources.hold(MetricsServer.start(options.listenAddress(), options.telemetryPath(),
                    Version.current(), registry, status, security, options.debug(),
                    options.enableLifecycle() ? Optional.of(configs) : Optional.empty()));
        } catch (ServerStartException e) {
            exit(EXIT_FAILURE, e.getMessage());
            throw new IllegalStateException("unreachable: exit returned", e);
        }
    }

    /** SIGHUP: re-read the configs, as Prometheus does; RunningConfigs logs what came of it. */
    private void reloadOnSignal(RunningConfigs configs) {
        if (exitingOnOwnAccord.get()) {
            return;
        }
        LOG.info("SIGHUP received: reloading the configs");
        configs.reload();
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

    /** After attach (and --bpf.stats, which needs CAP_SYS_ADMIN): a daemon that cannot drop them must not run with them. */
    private void restrictPrivileges(Set<Capability> keep) {
        try {
            Set<Capability> kept = Privileges.restrictAllThreads(keep);
            LOG.info("every thread now holds only [{}] of its capabilities, no_new_privs set (--capabilities.keep)",
                    kept.stream().map(Capability::capName).sorted().collect(Collectors.joining(",")));
        } catch (BpfException e) {
            exit(EXIT_FAILURE, "--capabilities.keep: " + e.getMessage()
                    + "; the exporter stops rather than run with more privilege than asked. Run with --capabilities.keep=all to skip the"
                    + " drop, and report the message");
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
     * A JVM exit that none of the above started (another signal the JVM stops on, such as SIGQUIT
     * under -Xrs, or System.exit from a library): the kernel resources are released all the same, and the exit
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
