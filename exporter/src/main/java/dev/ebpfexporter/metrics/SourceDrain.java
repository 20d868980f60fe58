package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.GaugeConfig;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.MetricConfig;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one {@link MetricSource} and remembers what the self-metrics report about it. A failed
 * read keeps the last good snapshot: the values are cumulative, so an older read is still right,
 * only late. Used by the drain thread only (the {@link DrainLoop} lock guards it).
 */
final class SourceDrain {
    private static final Logger log = LoggerFactory.getLogger(DrainLoop.class);

    private final MetricSource source;
    private final SnapshotBuilder builder;
    private MetricSnapshot snapshot; // null until the first good read
    private int entries = -1;
    private long overflow;
    private long decodeErrors;
    private long readErrors;
    private boolean failing;

    SourceDrain(MetricSource source) {
        this.source = source;
        try {
            this.builder = SnapshotBuilder.of(source.metric(), source.decoder(), source.cpuLabel());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + source.configName() + ": " + e.getMessage(), e);
        }
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

    /** Failed reads of the metric's map or of its overflow counter. */
    long readErrors() {
        return readErrors;
    }
}
