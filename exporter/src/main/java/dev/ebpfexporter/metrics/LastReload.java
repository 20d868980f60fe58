package dev.ebpfexporter.metrics;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the last load of the configs went (the one at start-up, or the latest reload), reported as
 * Prometheus reports its own config reloads.
 *
 * @param successful whether every config then wanted runs in its current version
 * @param lastSuccess when a load last succeeded; empty while none has
 */
public record LastReload(boolean successful, Optional<Instant> lastSuccess) {
    public LastReload {
        Objects.requireNonNull(lastSuccess, "lastSuccess");
    }

    /** A load that succeeded at {@code at}. */
    public static LastReload succeeded(Instant at) {
        return new LastReload(true, Optional.of(at));
    }

    /** A load that failed; the previous success, if any, stays the last one. */
    public LastReload failed() {
        return new LastReload(false, lastSuccess);
    }
}
