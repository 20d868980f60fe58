package dev.ebpfexporter.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A histogram map: the last label is the bucket slot; slot {@code bucketMax + 1} (for fixed
 * buckets: last key + 1) holds the sum of observed values, as in ebpf_exporter.
 *
 * @param seriesLimits {@code max_series} and {@code idle_timeout}
 */
public record HistogramConfig(
        String name,
        String help,
        BucketType bucketType,
        int bucketMin,
        int bucketMax,
        double bucketMultiplier,
        List<Double> bucketKeys,
        List<LabelConfig> labels,
        OptionalInt maxEntries,
        SeriesLimits seriesLimits)
        implements MetricConfig {
    public HistogramConfig {
        bucketKeys = List.copyOf(bucketKeys);
        labels = List.copyOf(labels);
        Objects.requireNonNull(seriesLimits, "seriesLimits");
    }

    /** A histogram without series limits (ebpf_exporter's behaviour). */
    public HistogramConfig(String name, String help, BucketType bucketType, int bucketMin, int bucketMax,
            double bucketMultiplier, List<Double> bucketKeys, List<LabelConfig> labels, OptionalInt maxEntries) {
        this(name, help, bucketType, bucketMin, bucketMax, bucketMultiplier, bucketKeys, labels, maxEntries,
                SeriesLimits.NONE);
    }

    @Override
    public HistogramConfig withLabels(List<LabelConfig> labels) {
        return new HistogramConfig(name, help, bucketType, bucketMin, bucketMax, bucketMultiplier, bucketKeys, labels, maxEntries,
                seriesLimits);
    }
}
