package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.ProgramRunStats;
import dev.ebpfexporter.config.MetricConfig;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every metric map and every program's run counters each {@code interval} and publishes one
 * immutable {@link MetricSnapshots} (drained metrics plus self-metrics) with its {@link DrainStatus}
 * for scrapes and the status page to pick up: a scrape never touches the kernel, and concurrent
 * scrapes all see one consistent drain. A map whose read fails keeps its last good
 * snapshot and is counted in {@code ebpf_exporter_map_read_errors_total}; the other maps go on.
 * A reload swaps the set of sources in between two drains ({@link #replace}).
 */
public final class DrainLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DrainLoop.class);
    /** How long {@link #close()} waits for a drain in flight before the maps may be closed. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Duration interval;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final AtomicReference<Published> latest =
            new AtomicReference<>(new Published(MetricSnapshots.of(), DrainStatus.none()));
    private List<SourceDrain> drains; // guarded by this
    private List<ProgramSource> programs; // guarded by this
    private Map<String, Boolean> configsLoaded; // guarded by this
    private LastReload lastReload; // guarded by this
    private long drainCount; // guarded by this
    private ScheduledExecutorService scheduler; // guarded by this
    private boolean closed; // guarded by this

    public DrainLoop(List<MetricSource> sources, List<ProgramSource> programs, Map<String, Boolean> configsLoaded,
            Duration interval) {
        this(sources, programs, configsLoaded, interval, Clock.systemUTC(), System::nanoTime);
    }

    /**
     * @param configsLoaded every config name → whether it loaded; failed configs have no sources
     * @param clock the wall clock for {@code ebpf_exporter_last_drain_timestamp_seconds}
     * @param nanoTime the monotonic clock drain durations are measured with
     * @throws IllegalArgumentException when two metrics would expose the same name, or a metric's
     *     labels or buckets cannot be exposed
     */
    public DrainLoop(List<MetricSource> sources, List<ProgramSource> programs, Map<String, Boolean> configsLoaded,
            Duration interval, Clock clock, LongSupplier nanoTime) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("drain interval must be positive, got " + interval);
        }
        this.interval = interval;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.drains = drainsOf(sources, Map.of());
        this.programs = List.copyOf(programs);
        this.configsLoaded = new TreeMap<>(configsLoaded);
        this.lastReload = LastReload.succeeded(clock.instant()); // what it is built with counts as the start-up load
    }

    /**
     * Swaps in the configs a reload leaves running, between two drains. A source that was drained
     * before (the same instance: its config was not touched) keeps its {@link SourceDrain}, so its
     * key cache, idle times and self-metric counts go on as if nothing happened; the others start
     * afresh. Once started, it drains right away, so a removed config's metrics vanish now and the
     * caller may close what was dropped as soon as this returns.
     *
     * @throws IllegalArgumentException when two metrics would expose the same name; nothing changes then
     */
    public synchronized void replace(List<MetricSource> sources, List<ProgramSource> programs,
            Map<String, Boolean> configsLoaded, LastReload lastReload) {
        Map<MetricSource, SourceDrain> running = new IdentityHashMap<>();
        drains.forEach(drain -> running.put(drain.source(), drain));
        this.drains = drainsOf(sources, running);
        this.programs = List.copyOf(programs);
        this.configsLoaded = new TreeMap<>(configsLoaded);
        this.lastReload = lastReload;
        if (scheduler != null && !closed) {
            drainLoggingFailure();
        }
    }

    /** A drain for each source, {@code running}'s own where it has one; the names checked unique first. */
    private List<SourceDrain> drainsOf(List<MetricSource> sources, Map<MetricSource, SourceDrain> running) {
        Map<String, List<MetricConfig>> metricsByConfig = new LinkedHashMap<>();
        sources.forEach(source -> metricsByConfig.computeIfAbsent(source.configName(), c -> new ArrayList<>())
                .add(source.metric()));
        ExposedNames names = new ExposedNames();
        metricsByConfig.forEach((config, metrics) -> {
            try {
                names.claim(config, metrics);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config '" + config + "': " + e.getMessage(), e);
            }
        });
        return sources.stream()
                .map(source -> running.containsKey(source) ? running.get(source) : new SourceDrain(source, interval))
                .toList();
    }

    /** Drains once right away (so the first scrape has data), then every interval on a daemon thread. */
    public synchronized void start() {
        if (closed || scheduler != null) {
            throw new IllegalStateException(closed ? "drain loop is closed" : "drain loop already started");
        }
        drainNow();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ebpf-drain");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = interval.toNanos();
        scheduler.scheduleWithFixedDelay(this::drainLoggingFailure, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Reads every map and publishes the result; called by the schedule, or directly by tests. */
    public synchronized void drainNow() {
        long started = nanoTime.getAsLong();
        List<MetricSnapshot> snapshots = new ArrayList<>();
        for (SourceDrain drain : drains) {
            drain.drain();
            drain.snapshot().ifPresent(snapshots::add);
        }
        List<DrainStatus.Program> programStats = programs.stream().map(DrainLoop::readStats).toList();
        Duration took = Duration.ofNanos(nanoTime.getAsLong() - started);
        drainCount++;
        DrainStatus status = new DrainStatus(drainCount, clock.instant(), took,
                drains.stream().map(SourceDrain::status).toList(), programStats);
        snapshots.addAll(SelfMetrics.of(drains, configsLoaded, lastReload, status));
        latest.set(new Published(new MetricSnapshots(snapshots), status));
    }

    /** A failed read leaves the program out of this drain's self-metrics; the next drain tries again. */
    private static DrainStatus.Program readStats(ProgramSource program) {
        Optional<ProgramRunStats> stats;
        try {
            stats = Optional.of(program.stats().read());
        } catch (BpfException e) {
            log.debug("{}/{}: reading run stats failed: {}", program.configName(), program.programName(),
                    e.getMessage());
            stats = Optional.empty();
        }
        return new DrainStatus.Program(program.configName(), program.programName(), stats);
    }

    /** The last published drain; empty before the first one. Never blocks, never reads a map. */
    public MetricSnapshots latest() {
        return latest.get().snapshots();
    }

    /** What the last published drain saw, for the status page; {@code count} 0 before the first. */
    public DrainStatus status() {
        return latest.get().status();
    }

    /** Stops the schedule and waits for a drain in flight, so the caller may close the maps next. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            closed = true;
            running = scheduler;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("a drain still runs after {}; closing anyway", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A scheduled task that throws is silently unscheduled: a bug in one drain must not end all later ones. */
    private void drainLoggingFailure() {
        try {
            drainNow();
        } catch (RuntimeException e) {
            log.error("drain failed; scrapes keep the last published metrics", e);
        }
    }

    /** Published in one reference so a reader never pairs one drain's metrics with another's status. */
    private record Published(MetricSnapshots snapshots, DrainStatus status) {}
}
