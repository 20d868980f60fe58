package dev.ebpfexporter.testing;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.BucketSpan;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.Histogram;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.LabelPair;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.Metric;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.MetricFamily;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A protobuf exposition (length-delimited {@code io.prometheus.client.MetricFamily} messages) read
 * back with the message classes prometheus-metrics ships (their package names the protobuf version
 * it shades), and native histogram buckets decoded from spans and deltas as Prometheus does.
 */
public final class ProtobufExposition {
    private ProtobufExposition() {}

    /** Every family in {@code body}, in order. */
    public static List<MetricFamily> families(byte[] body) throws IOException {
        List<MetricFamily> families = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(body)) {
            for (MetricFamily family; (family = MetricFamily.parseDelimitedFrom(in)) != null; ) {
                families.add(family);
            }
        }
        return families;
    }

    /** The one family named {@code name}. */
    public static MetricFamily family(byte[] body, String name) throws IOException {
        return families(body).stream().filter(f -> f.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name));
    }

    /** The histogram of the metric of {@code family} whose label {@code label} is {@code value}. */
    public static Histogram histogram(MetricFamily family, String label, String value) {
        for (Metric metric : family.getMetricList()) {
            for (LabelPair pair : metric.getLabelList()) {
                if (pair.getName().equals(label) && pair.getValue().equals(value)) {
                    return metric.getHistogram();
                }
            }
        }
        throw new AssertionError("no " + label + "=" + value + " in " + family.getName());
    }

    /**
     * Native bucket index → count of the positive buckets: the first span's offset is the first
     * index, each later one the gap after the previous span; counts are deltas from the previous
     * bucket's. Empty buckets inside spans are left out.
     */
    public static Map<Integer, Long> positiveBuckets(Histogram histogram) {
        Map<Integer, Long> buckets = new LinkedHashMap<>();
        int index = 0;
        int delta = 0;
        long count = 0;
        for (BucketSpan span : histogram.getPositiveSpanList()) {
            index += span.getOffset();
            for (int i = 0; i < span.getLength(); i++, index++) {
                count += histogram.getPositiveDelta(delta++);
                if (count != 0) {
                    buckets.put(index, count);
                }
            }
        }
        return buckets;
    }
}
