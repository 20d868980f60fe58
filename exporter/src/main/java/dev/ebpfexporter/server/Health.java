package dev.ebpfexporter.server;

import dev.ebpfexporter.metrics.DrainStatus;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Prometheus's probe paths. {@value #HEALTHY} answers 503 with the reasons when a task the daemon
 * lives on has stopped doing its work (the drain has not published for a while, the certificate
 * reloader ended or hangs), which a liveness probe turns into a restart: such a task dies inside
 * its executor without ending the process. {@value #READY} answers 200 once the configs are loaded
 * and the first drain is published, so that no scrape sees a daemon without data.
 */
final class Health {
    static final String HEALTHY = "/-/healthy";
    static final String READY = "/-/ready";
    /** Drains finish about one interval apart; three missed ones are not a slow drain any more. */
    static final int STALE_INTERVALS = 3;
    /** Beyond the intervals: a long drain of big maps or a paused machine is not a dead task. */
    static final Duration STALE_SLACK = Duration.ofSeconds(10);

    /** A periodic task whose death or hang makes the daemon unhealthy. */
    interface Task {
        /** Why the task is not doing its work at {@code now}; empty while it is. */
        Optional<String> trouble(long nowNanos);
    }

    private final Supplier<ExporterStatus> status;
    private final Clock clock;
    private final List<Task> tasks = new CopyOnWriteArrayList<>();

    Health(Supplier<ExporterStatus> status, Clock clock) {
        this.status = status;
        this.clock = clock;
    }

    void watch(Task task) {
        tasks.add(task);
    }

    void healthy(Context ctx) {
        ExporterStatus now = status.get();
        List<String> troubles = new ArrayList<>();
        drainTrouble(now.drain(), now.drainInterval(), clock.instant()).ifPresent(troubles::add);
        long nanos = System.nanoTime();
        tasks.forEach(task -> task.trouble(nanos).ifPresent(troubles::add));
        answer(ctx, troubles);
    }

    void ready(Context ctx) {
        answer(ctx, status.get().drain().count() == 0 ? List.of("not ready: no drain has been published yet")
                : List.of());
    }

    /** The drain is late when its last publication is older than {@link #staleAfter}; before the first it is not. */
    static Optional<String> drainTrouble(DrainStatus drain, Duration interval, Instant now) {
        if (drain.count() == 0) {
            return Optional.empty();
        }
        Duration age = Duration.between(drain.finishedAt(), now);
        if (age.compareTo(staleAfter(interval)) <= 0) {
            return Optional.empty();
        }
        return Optional.of("the drain last published " + age.toMillis() / 1000 + " s ago (drain " + drain.count()
                + "), more than " + staleAfter(interval).toSeconds() + " s with a drain every "
                + interval.toMillis() + " ms: the drain thread is stuck or has stopped; the log says why");
    }

    static Duration staleAfter(Duration interval) {
        return interval.multipliedBy(STALE_INTERVALS).plus(STALE_SLACK);
    }

    private static void answer(Context ctx, List<String> troubles) {
        ctx.contentType("text/plain; charset=utf-8").header("Cache-Control", "no-store");
        if (troubles.isEmpty()) {
            ctx.result("ok\n");
        } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result(String.join("\n", troubles) + "\n");
        }
    }
}
