package dev.ebpfexporter.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A histogram map: the last label is the bucket slot; the slot after the last bucket holds the sum
 * of observed values, as in ebpf_exporter.
 *
 * @param bucketMultiplier what one unit of a bucket bound or of the sum is worth in the exposed unit; > 0
 * @param seriesLimits {@code max_series} and {@code idle_timeout}
 */
public record HistogramConfig(
        String name,
        String help,
        HistogramBuckets buckets,
        double bucketMultiplier,
        List<LabelConfig> labels,
        OptionalInt maxEntries,
        SeriesLimits seriesLimits)
        implements MetricConfig {
    /** Prometheus' bucket bound label. */
    private static final String LE = "le";

    public HistogramConfig {
        labels = List.copyOf(labels);
        Objects.requireNonNull(seriesLimits, "seriesLimits");
        MetricRules.check(name, help, labels, maxEntries);
        if (labels.isEmpty()) {
            throw new InvalidField("labels", "must not be empty (the last label is the bucket slot)");
        }
        // The bucket label is the last one, or in a per-CPU map the one before a last cpu label.
        int bucketLabel = labels.size() - 1;
        if (labels.size() > 1 && labels.get(bucketLabel).name().equals(CPU_LABEL)) {
            bucketLabel--;
        }
        for (int i = 0; i < labels.size(); i++) {
            if (i != bucketLabel && labels.get(i).name().equals(LE)) {
                throw new InvalidField("labels[" + i + "].name", "(\"le\") is reserved for histogram buckets");
            }
        }
        MetricRules.multiplier("bucket_multiplier", bucketMultiplier);
    }

    /** A histogram without series limits (ebpf_exporter's behaviour). */
    public HistogramConfig(String name, String help, HistogramBuckets buckets, double bucketMultiplier,
            List<LabelConfig> labels, OptionalInt maxEntries) {
        this(name, help, buckets, bucketMultiplier, labels, maxEntries, SeriesLimits.NONE);
    }

    /** The YAML form: buckets as ebpf_exporter writes them, a type and either a slot range or keys. */
    @JsonCreator
    static HistogramConfig fromYaml(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "help", required = true) String help,
            @JsonProperty(value = "labels", required = true) List<LabelConfig> labels,
            @JsonProperty("max_entries") OptionalInt maxEntries,
            @JsonProperty("max_series") OptionalInt maxSeries,
            @JsonProperty("idle_timeout") Optional<Duration> idleTimeout,
            @JsonProperty(value = "bucket_type", required = true) BucketType bucketType,
            @JsonProperty("bucket_min") Optional<Integer> bucketMin,
            @JsonProperty("bucket_max") Optional<Integer> bucketMax,
            @JsonProperty("bucket_multiplier") Optional<Double> bucketMultiplier,
            @JsonProperty("bucket_keys") List<Long> bucketKeys) {
        return new HistogramConfig(name, help, buckets(bucketType, bucketMin, bucketMax, bucketKeys),
                bucketMultiplier.orElse(1.0), labels, maxEntries, new SeriesLimits(maxSeries, idleTimeout));
    }

    private static HistogramBuckets buckets(BucketType type, Optional<Integer> min, Optional<Integer> max,
            List<Long> keys) {
        if (type == BucketType.FIXED) {
            String rangeOnly = "applies only to exp2, exp2zero and linear histograms";
            if (min.isPresent()) {
                throw new InvalidField("bucket_min", rangeOnly);
            }
            if (max.isPresent()) {
                throw new InvalidField("bucket_max", rangeOnly);
            }
            if (keys.isEmpty()) {
                throw new InvalidField("bucket_keys", "is required, and must not be empty, for fixed histograms");
            }
            return new HistogramBuckets.FixedKeys(keys);
        }
        if (!keys.isEmpty()) {
            throw new InvalidField("bucket_keys", "applies only to fixed histograms");
        }
        return new HistogramBuckets.SlotRange(type, min.orElse(0),
                max.orElseThrow(() -> new InvalidField("bucket_max", "is required")));
    }

    @Override
    public HistogramConfig withLabels(List<LabelConfig> labels) {
        return new HistogramConfig(name, help, buckets, bucketMultiplier, labels, maxEntries, seriesLimits);
    }
}
