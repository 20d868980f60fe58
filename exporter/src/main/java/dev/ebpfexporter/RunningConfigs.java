package dev.ebpfexporter;

import dev.ebpfexporter.config.ConfigException;
import dev.ebpfexporter.config.ConfigParser;
import dev.ebpfexporter.config.ConfigSource;
import dev.ebpfexporter.config.ExporterConfig;
import dev.ebpfexporter.load.HeapEstimate;
import dev.ebpfexporter.load.LoadException;
import dev.ebpfexporter.load.LoadedConfig;
import dev.ebpfexporter.load.ProgramLoader;
import dev.ebpfexporter.load.ReloadPlan;
import dev.ebpfexporter.load.ReloadPlan.Digest;
import dev.ebpfexporter.metrics.DrainLoop;
import dev.ebpfexporter.metrics.ExposedNames;
import dev.ebpfexporter.metrics.LastReload;
import dev.ebpfexporter.metrics.MetricSource;
import dev.ebpfexporter.server.ConfigStatus;
import dev.ebpfexporter.server.Reloader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configs the exporter runs, as last read from their source; start-up is the first reload,
 * from nothing. A reload (SIGHUP, {@code POST /-/reload}) re-reads the source and follows its
 * {@link ReloadPlan}: an unchanged config is not touched (its maps and its drain state go on, so
 * its counters never reset), a changed one is loaded anew and swapped in only if the whole new
 * version loads and attaches and its metric names are free, a removed one is detached. One reload
 * at a time, never while closing; whatever it replaced is closed right after the swap.
 *
 * <p>Every reload runs on one thread of its own, whoever asks (SIGHUP, an HTTP thread, start-up):
 * libbpf's native allocations then come from one malloc arena, whose freed memory the next reload
 * reuses, where eight HTTP threads would each grow an arena of their own (300 reloads from HTTP
 * threads took RSS from 94 to 131 MiB, none of it leaked; on this one thread, from 94 to 99).
 */
final class RunningConfigs implements Reloader, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningConfigs.class);

    private final ConfigSource source;
    private final List<String> names;
    private final boolean startFailuresEndTheRun;
    private final ConfigParser parser;
    private final ProgramLoader loader;
    private final DrainLoop drain;
    private final Clock clock;
    private final ExecutorService reloads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "config-reload");
        thread.setDaemon(true);
        return thread;
    });
    private final SortedMap<String, Running> running = new TreeMap<>(); // guarded by this
    private LastReload lastReload = new LastReload(false, Optional.empty()); // guarded by this
    private boolean closed; // guarded by this
    private volatile Optional<List<ConfigStatus>> statuses = Optional.empty();

    /** A running config and the digest of the files it was loaded from. */
    private record Running(Digest digest, LoadedConfig loaded, ConfigStatus status) {}

    /** One config's files as a reload read them. */
    private record Files(String yaml, byte[] object, Digest digest) {}

    /**
     * @param names the configs to run ({@code --config.names}); empty for every config of the source
     * @param startFailuresEndTheRun whether a config failing at start-up ends the run
     *     ({@code --config.strict}, {@code --config.check}), so the log says "failed", not "skipped"
     * @param drain where the running configs' maps and programs are swapped in
     */
    RunningConfigs(ConfigSource source, List<String> names, boolean startFailuresEndTheRun, ConfigParser parser,
            ProgramLoader loader, DrainLoop drain, Clock clock) {
        this.source = source;
        this.names = List.copyOf(names);
        this.startFailuresEndTheRun = startFailuresEndTheRun;
        this.parser = parser;
        this.loader = loader;
        this.drain = drain;
        this.clock = clock;
    }

    /** Each wanted config as of the last reload, sorted by name; empty while the first one runs. */
    Optional<List<ConfigStatus>> statuses() {
        return statuses;
    }

    /** Runs a reload on the reload thread and waits for it; a reload already running or waiting goes first. */
    @Override
    public Result reload() {
        Future<Result> reload;
        try {
            reload = reloads.submit(this::reloadNow);
        } catch (RejectedExecutionException closing) {
            return shuttingDown();
        }
        try {
            return reload.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted while waiting for the reload, which goes on");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error; // fatal where it is rethrown, as if the reload had run in this thread
            }
            throw new IllegalStateException("reload failed: " + e.getCause(), e.getCause());
        }
    }

    private static Result shuttingDown() {
        return new Result(false, "the exporter is shutting down; nothing reloaded");
    }

    private synchronized Result reloadNow() {
        if (closed) {
            return shuttingDown();
        }
        boolean first = statuses.isEmpty();
        List<String> wanted;
        try {
            wanted = names.isEmpty() ? source.names() : names;
        } catch (ConfigException e) {
            String error = first ? e.getMessage() : "reload failed, every config keeps running as it was: " + e.getMessage();
            LOG.error("{}", error);
            LastReload failed = lastReload.failed();
            swap(running, List.of(), statuses.orElse(List.of()), failed);
            return new Result(false, error);
        }
        Map<String, String> failures = new TreeMap<>();
        Map<String, Files> read = readAll(wanted, failures);
        Map<String, Digest> runningDigests = new TreeMap<>();
        running.forEach((name, config) -> runningDigests.put(name, config.digest()));
        SortedMap<String, Optional<Digest>> digests = new TreeMap<>();
        wanted.forEach(name -> digests.put(name, Optional.ofNullable(read.get(name)).map(Files::digest)));
        ReloadPlan plan = ReloadPlan.of(runningDigests, digests);

        SortedMap<String, Running> next = new TreeMap<>(running);
        next.keySet().removeAll(plan.removed());
        List<LoadedConfig> loaded = new ArrayList<>();
        try {
            ExposedNames exposed = new ExposedNames();
            next.forEach((name, config) -> exposed.claim(name, config.loaded().config().metrics()));
            for (String name : digests.keySet()) {
                if (plan.unchanged().contains(name) || failures.containsKey(name)) {
                    continue;
                }
                try {
                    LoadedConfig config = load(name, read.get(name), exposed);
                    loaded.add(config);
                    next.put(name, new Running(read.get(name).digest(), config,
                            ConfigStatus.loaded(name, config.config().source(), config.programNames())));
                } catch (ConfigException | LoadException e) {
                    failures.put(name, e.getMessage());
                }
            }
            LastReload outcome = failures.isEmpty() ? LastReload.succeeded(clock.instant()) : lastReload.failed();
            swap(next, loaded, statusesOf(digests.keySet(), next, failures), outcome);
        } catch (RuntimeException e) {
            loaded.forEach(RunningConfigs::closeQuietly);
            throw e;
        }
        // Swapped out: the drain that could still read them finished inside swap; nothing reads them now.
        List<LoadedConfig> replaced = running.entrySet().stream()
                .filter(entry -> next.get(entry.getKey()) != entry.getValue())
                .map(entry -> entry.getValue().loaded()).toList();
        running.clear();
        running.putAll(next);
        replaced.forEach(RunningConfigs::closeQuietly);
        return report(first, plan, failures);
    }

    /** Each wanted config's files; those that cannot be read go to {@code failures} instead. */
    private Map<String, Files> readAll(List<String> wanted, Map<String, String> failures) {
        Map<String, Files> read = new LinkedHashMap<>();
        for (String name : wanted) {
            try {
                read.put(name, read(name));
            } catch (ConfigException e) {
                failures.put(name, e.getMessage());
            }
        }
        return read;
    }

    /** A running config whose new version failed keeps its status, with the reload's failure added. */
    private List<ConfigStatus> statusesOf(Collection<String> wanted, Map<String, Running> next,
            Map<String, String> failures) {
        List<ConfigStatus> result = new ArrayList<>();
        for (String name : wanted) {
            Running config = next.get(name);
            String failure = failures.get(name);
            if (config == null) {
                result.add(ConfigStatus.failed(name, source.describe(name), failure));
            } else {
                result.add(failure == null ? config.status() : config.status().reloadFailed(failure));
            }
        }
        return result;
    }

    /** Hands the configs to the drain, then publishes their statuses; both or neither. */
    private void swap(SortedMap<String, Running> configs, List<LoadedConfig> justLoaded, List<ConfigStatus> next,
            LastReload outcome) {
        Map<String, Boolean> configsLoaded = new TreeMap<>();
        next.forEach(status -> configsLoaded.put(status.name(), status.loaded()));
        List<MetricSource> sources =
                configs.values().stream().flatMap(config -> config.loaded().sources().stream()).toList();
        HeapEstimate.warning(sources, Runtime.getRuntime().maxMemory()).ifPresent(LOG::warn);
        drain.replace(sources,
                configs.values().stream().flatMap(config -> config.loaded().programs().stream()).toList(),
                configsLoaded, outcome);
        lastReload = outcome;
        justLoaded.forEach(config ->
                LOG.info("{}: loaded, attached {}", config.config().source(), config.programNames()));
        statuses = Optional.of(List.copyOf(next));
    }

    private Files read(String name) throws ConfigException {
        String yaml = source.readYaml(name);
        byte[] object = source.readObject(name);
        return new Files(yaml, object, Digest.of(yaml, object));
    }

    /**
     * Parses and loads a config's new version after checking its names are free; {@code exposed}
     * then holds them in place of those of its running version, which it keeps if this fails.
     */
    private LoadedConfig load(String name, Files files, ExposedNames exposed) throws ConfigException, LoadException {
        ExporterConfig config = parser.parse(name, source.describe(name), files.yaml());
        config.unsupported().forEach(LOG::warn);
        exposed.release(name);
        try {
            exposed.claim(name, config.metrics());
        } catch (IllegalArgumentException e) {
            claimRunning(name, exposed);
            throw new LoadException(config.source() + ": " + e.getMessage(), e);
        }
        try {
            return loader.load(config, source.describeObject(name), files.object());
        } catch (LoadException | RuntimeException e) {
            exposed.release(name);
            claimRunning(name, exposed);
            throw e;
        }
    }

    private void claimRunning(String name, ExposedNames exposed) {
        Running config = running.get(name);
        if (config != null) {
            exposed.claim(name, config.loaded().config().metrics());
        }
    }

    /** Logs each failure and what the reload did; start-up's own summary is Main's. */
    private Result report(boolean first, ReloadPlan plan, Map<String, String> failures) {
        failures.forEach((name, error) -> {
            if (first) {
                LOG.error("config '{}' {}: {}", name, startFailuresEndTheRun ? "failed" : "is skipped", error);
            } else if (running.containsKey(name)) {
                LOG.error("config '{}': reload failed, still running the previous version: {}", name, error);
            } else {
                LOG.error("config '{}' is skipped: {}", name, error);
            }
        });
        plan.removed().forEach(name -> LOG.info("config '{}' is no longer in the config source: detached", name));
        String done = plan.added().size() + " added, " + plan.changed().size() + " changed, " + plan.removed().size()
                + " removed, " + plan.unchanged().size() + " unchanged";
        if (failures.isEmpty()) {
            if (!first) {
                LOG.info("reload done: {}", done);
            }
            return new Result(true, "reloaded: " + done);
        }
        String failed = failures.entrySet().stream().map(f -> f.getKey() + ": " + f.getValue())
                .collect(Collectors.joining("; "));
        if (!first) {
            LOG.warn("reload failed for {} of {} configs ({}); the others are reloaded", failures.size(),
                    plan.added().size() + plan.changed().size() + plan.unchanged().size(), done);
        }
        return new Result(false, "reload failed for " + failures.keySet() + ", the others are reloaded (" + done
                + "): " + failed);
    }

    private static void closeQuietly(LoadedConfig config) {
        try {
            config.close();
        } catch (RuntimeException e) {
            // Keep closing the rest: one failure must not leak the others.
            LOG.warn("{}: detaching failed: {}", config.config().source(), e.toString());
        }
    }

    /** Waits for a reload in flight, then detaches and closes every running config; later reloads do nothing. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            running.values().forEach(config -> closeQuietly(config.loaded()));
            running.clear();
        }
        reloads.shutdown();
    }
}
