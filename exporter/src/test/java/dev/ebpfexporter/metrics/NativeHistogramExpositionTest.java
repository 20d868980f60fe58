package dev.ebpfexporter.metrics;

import static dev.ebpfexporter.metrics.TestMaps.DECODER;
import static dev.ebpfexporter.metrics.TestMaps.contents;
import static dev.ebpfexporter.metrics.TestMaps.histogram;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.bpf.MapType;
import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.testing.ProtobufExposition;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.Bucket;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.Histogram;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.MetricFamily;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One drain of an exp2 histogram whose buckets are native ones, written by the stock protobuf and
 * text writers and read back: protobuf carries the native buckets beside the classic ones, text
 * only the classic ones. Every number below was worked out by hand:
 *
 * <pre>
 * latency_seconds (exp2, bucket_min 0, bucket_max 64, × 2^-10; labels op, bucket): slot k holds
 * (2^(k-1), 2^k] × 2^-10 = native index k − 10; slot 0 holds 0 and 2^-10: the zero bucket, threshold 2^-10
 *   read: slots 0:2 3:1 4:5 64:1 65(sum):1000 → zero 2; index −7:1, −6:5, 54:1; count 9; sum 1000 × 2^-10
 *         classic cumulative: le 2^-10: 2, 2^-9: 2, 2^-8: 2, 2^-7: 3, 2^-6: 8, …, 2^53: 8, +Inf 9
 *   write: slots 10:4 65:4096 → zero 0; index 0:4; count 4; sum 4
 * </pre>
 */
class NativeHistogramExpositionTest {
    private static final double M = 0x1p-10;
    private static final String NAME = "ebpf_exporter_latency_seconds";
    private DrainLoop loop;

    @BeforeEach
    void drainOnce() {
        MetricSource latency = new MetricSource("demo",
                histogram("latency_seconds", BucketType.EXP2, 0, 64, M, List.of(), "op", "bucket"), DECODER,
                FakeReader.always(contents(
                        "read,0", 2L, "read,3", 1L, "read,4", 5L, "read,64", 1L, "read,65", 1000L,
                        "write,10", 4L, "write,65", 4096L)),
                FakeReader.NO_DELETES, Optional.empty(), 128, MapType.HASH);
        loop = new DrainLoop(List.of(latency), List.of(), Map.of("demo", true), Duration.ofSeconds(1),
                Clock.systemUTC(), System::nanoTime);
        loop.drainNow();
    }

    @Test
    void protobufCarriesNativeAndClassicBuckets() throws IOException {
        MetricFamily family = ProtobufExposition.family(write(new PrometheusProtobufWriter()), NAME);
        assertThat(family.getType()).isEqualTo(MetricType.HISTOGRAM);

        Histogram read = ProtobufExposition.histogram(family, "op", "read");
        assertThat(read.getSchema()).isZero();
        assertThat(read.getZeroThreshold()).isEqualTo(M);
        assertThat(read.getZeroCount()).isEqualTo(2);
        assertThat(ProtobufExposition.positiveBuckets(read)).containsExactly(
                Map.entry(-7, 1L), Map.entry(-6, 5L), Map.entry(54, 1L));
        assertThat(read.getNegativeSpanCount()).isZero();
        assertThat(read.getSampleCount()).isEqualTo(9);
        assertThat(read.getSampleSum()).isEqualTo(1000 * M);
        assertThat(read.getBucketList()).extracting(Bucket::getUpperBound).startsWith(M, 2 * M, 4 * M, 8 * M);
        assertThat(read.getBucketList()).extracting(Bucket::getCumulativeCount).startsWith(2L, 2L, 2L, 3L, 8L);

        Histogram write = ProtobufExposition.histogram(family, "op", "write");
        assertThat(write.getZeroThreshold()).isEqualTo(M);
        assertThat(write.getZeroCount()).isZero();
        assertThat(ProtobufExposition.positiveBuckets(write)).containsExactly(Map.entry(0, 4L));
        assertThat(write.getSampleCount()).isEqualTo(4);
        assertThat(write.getSampleSum()).isEqualTo(4.0);
    }

    @Test
    void textCarriesTheClassicBucketsOnly() throws IOException {
        String text = new String(write(PrometheusTextFormatWriter.create()), UTF_8);

        assertThat(text).contains(
                NAME + "_bucket{op=\"read\",le=\"0.0078125\"} 3\n",
                NAME + "_bucket{op=\"read\",le=\"+Inf\"} 9\n",
                NAME + "_count{op=\"read\"} 9\n",
                NAME + "_sum{op=\"read\"} 0.9765625\n");
        // 64 buckets per series (le 2^0 … 2^63 in 2^-10 units, then +Inf), nothing native.
        assertThat(text.lines().filter(line -> line.startsWith(NAME + "_bucket{op=\"read\""))).hasSize(65);
        assertThat(text).doesNotContain("schema", "zero");
    }

    private byte[] write(ExpositionFormatWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, new EbpfCollector(loop::latest).collect());
        return out.toByteArray();
    }
}
