package dev.ebpfexporter.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a metric keeps its series bounded (extensions over ebpf_exporter's format).
 *
 * @param maxSeries {@code max_series}: label sets first seen when the metric already exposes this
 *     many series are counted in its {@code [overflow]} series instead
 * @param idleTimeout {@code idle_timeout}: a map key whose value has not changed for this long is
 *     deleted from the kernel map; its count stays in its series while other keys feed it, and the
 *     series leaves the exposition when its last key is gone
 */
public record SeriesLimits(OptionalInt maxSeries, Optional<Duration> idleTimeout) {
    /** ebpf_exporter's behaviour: every label set has a series, keys stay in the map. */
    public static final SeriesLimits NONE = new SeriesLimits(OptionalInt.empty(), Optional.empty());

    public SeriesLimits {
        Objects.requireNonNull(maxSeries, "maxSeries");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxSeries.isPresent() && maxSeries.getAsInt() <= 0) {
            throw new InvalidField("max_series", "(" + maxSeries.getAsInt() + ") must be > 0");
        }
        if (idleTimeout.isPresent() && (idleTimeout.get().isNegative() || idleTimeout.get().isZero())) {
            throw new InvalidField("idle_timeout", "must be > 0");
        }
    }
}
