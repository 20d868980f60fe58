package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.GaugeConfig;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.MetricConfig;
import dev.ebpfexporter.decode.KeyDecoders;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one {@link MetricSource} and remembers what the self-metrics report about it. A failed
 * read keeps the last good snapshot: the values are cumulative, so an older read is still right,
 * only late. With an {@code idle_timeout}, each drain then deletes the keys whose values have not
 * changed over as many drains as the timeout holds intervals: drains are at least an interval
 * apart, so a key goes only after the timeout or later, never sooner. Used by the drain thread
 * only (the {@link DrainLoop} lock guards it).
 */
final class SourceDrain {
    private static final Logger log = LoggerFactory.getLogger(DrainLoop.class);

    private final MetricSource source;
    private final SnapshotBuilder builder;
    private final boolean mayDropSeries;
    private final OptionalLong idleReads; // drains a key must stay unchanged to be deleted
    private MetricSnapshot snapshot; // null until the first good read
    private int entries = -1;
    private long overflow;
    private long decodeErrors;
    private long droppedKeys;
    private long readErrors;
    private boolean failing;
    private long retiredKeys;
    private boolean deletesFailing;

    /** @param interval the least time between two drains */
    SourceDrain(MetricSource source, Duration interval) {
        this.source = source;
        this.idleReads = source.metric().seriesLimits().idleTimeout().stream()
                .mapToLong(timeout -> ceilDiv(timeout.toNanos(), interval.toNanos()))
                .findFirst();
        this.builder = SnapshotBuilder.of(source.metric(), source.decoder(), source.cpuLabel());
        this.mayDropSeries = KeyDecoders.mayDropSeries(source.metric().labels());
    }

    void drain() {
        MapContents contents;
        long overflowRead = 0;
        try {
            contents = source.contents().read();
            if (source.overflow().isPresent()) {
                overflowRead = source.overflow().get().read();
            }
        } catch (BpfException e) {
            readFailed(e);
            return;
        }
        if (failing) {
            log.info("{}/{}: map reads work again", source.configName(), source.mapName());
            failing = false;
        }
        SnapshotBuilder.Result result = builder.build(contents, overflowRead);
        snapshot = result.snapshot();
        entries = contents.count();
        overflow = overflowRead;
        decodeErrors += result.decodeMisses();
        droppedKeys += result.droppedKeys();
        if (idleReads.isPresent()) {
            retireIdle(idleReads.getAsLong());
        }
    }

    /** A failed delete leaves the key in the map and the cache: the next drain tries again. */
    private void retireIdle(long reads) {
        try {
            retiredKeys += builder.retireIdle(reads, source.deleter());
            if (deletesFailing) {
                log.info("{}/{}: deleting idle keys works again", source.configName(), source.mapName());
                deletesFailing = false;
            }
        } catch (BpfException e) {
            if (!deletesFailing) {
                log.warn("{}/{}: deleting an idle key failed, its series stays until a delete works: {}",
                        source.configName(), source.mapName(), e.getMessage());
                deletesFailing = true;
            }
        }
    }

    /** Division rounded up, for positive operands. */
    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    /** One warning per run of failures, not one per drain: a broken map would flood the log. */
    private void readFailed(BpfException e) {
        readErrors++;
        if (failing) {
            log.debug("{}/{}: map read failed again: {}", source.configName(), source.mapName(), e.getMessage());
        } else {
            log.warn("{}/{}: map read failed, keeping its last good values: {}",
                    source.configName(), source.mapName(), e.getMessage());
            failing = true;
        }
    }

    MetricSource source() {
        return source;
    }

    String snapshotName() {
        return builder.snapshotName();
    }

    /** The last good snapshot; empty until a read succeeded. */
    Optional<MetricSnapshot> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /** The metric as the status page shows it. */
    DrainStatus.Metric status() {
        return new DrainStatus.Metric(source.configName(), MetricNames.exposedName(source.metric()),
                kind(source.metric()),
                seriesCount(), entries(), source.maxEntries(),
                source.mapType().isArray(), overflow(),
                readErrors, decodeErrors);
    }

    private static String kind(MetricConfig metric) {
        if (metric instanceof HistogramConfig) {
            return "histogram";
        }
        return metric instanceof GaugeConfig ? "gauge" : "counter";
    }

    /** Time series as exposed: a histogram's label set counts its buckets, _sum and _count. */
    private int seriesCount() {
        if (snapshot instanceof HistogramSnapshot histogram) {
            return histogram.getDataPoints().stream().mapToInt(p -> p.getClassicBuckets().size() + 2).sum();
        }
        return snapshot == null ? 0 : snapshot.getDataPoints().size();
    }

    /** Keys in the last good read. */
    OptionalInt entries() {
        return entries < 0 ? OptionalInt.empty() : OptionalInt.of(entries);
    }

    /** The overflow counter's last good read, when the map has one and a read succeeded. */
    OptionalLong overflow() {
        return source.overflow().isPresent() && entries >= 0 ? OptionalLong.of(overflow) : OptionalLong.empty();
    }

    /** Keys skipped as undecodable, summed over drains (a key that stays bad counts on every drain). */
    long decodeErrors() {
        return decodeErrors;
    }

    /** Keys whose series a decoder dropped on purpose, summed over drains; empty when no decoder of the metric drops. */
    OptionalLong droppedKeys() {
        return mayDropSeries ? OptionalLong.of(droppedKeys) : OptionalLong.empty();
    }

    /** Keys deleted from the map as idle, since start; empty for a metric without an idle_timeout. */
    OptionalLong retiredKeys() {
        return idleReads.isPresent() ? OptionalLong.of(retiredKeys) : OptionalLong.empty();
    }

    /** Keys sent to the overflow series by max_series, since start; empty for a metric without one. */
    OptionalLong keysOverLimit() {
        return source.metric().seriesLimits().maxSeries().isPresent()
                ? OptionalLong.of(builder.keysOverLimit()) : OptionalLong.empty();
    }

    /** Failed reads of the metric's map or of its overflow counter. */
    long readErrors() {
        return readErrors;
    }
}
