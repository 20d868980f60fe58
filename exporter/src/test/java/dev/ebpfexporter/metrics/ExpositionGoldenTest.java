package dev.ebpfexporter.metrics;

import static dev.ebpfexporter.metrics.TestMaps.DECODER;
import static dev.ebpfexporter.metrics.TestMaps.contents;
import static dev.ebpfexporter.metrics.TestMaps.counter;
import static dev.ebpfexporter.metrics.TestMaps.histogram;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.bpf.MapType;
import dev.ebpfexporter.config.BucketType;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One drain of fixed map contents, written by the stock writers and compared with expectation files
 * whose every number was checked by hand (the files carry no comments, so the arithmetic is here).
 *
 * <pre>
 * page_faults_total (counter; labels kind, comm; overflow counter 2):
 *   user,bash#1 = 5 and user,bash#2 = 7 decode alike → {user,bash} 12
 *   kernel,bash = 3; user,a"b\c = 2^64 − 1 → 1.8446744073709552E19 (label escaped as a\"b\\c)
 *   user,!bad = 100 → skipped, decode_errors_total 1; [overflow] series = 2
 * latency_seconds (exp2, bucket_min 0, bucket_max 3, ×0.000001; labels op, bucket):
 *   bounds: slot 0 → 1e-6, slot 1 → 2e-6, slot 2 → 4e-6, slot 3 (clamped top) → +Inf; slot 4 = sum
 *   read: slots 0:1 1:2 2:3 3:4 4:100 7:5 → cumulative 1, 3, 6, +Inf 6+4+5 = 15; count 15; sum 100 µs = 1.0E-4
 *   write: slots 1:2 4:3 → 0, 2, 2, 2; count 2; sum 3 µs = 3.0E-6
 * request_size_bytes (fixed keys 64, 512, 4096, ×1; label bucket only):
 *   bounds 64, 512, +Inf (last key is the catch-all); sum slot 4097
 *   64:10 512:5 4096:1 100:2 (unknown key → +Inf) 4097:9000 → 10, 15, 15+1+2 = 18; count 18; sum 9000
 * self-metrics: drain took 2.5 ms (fake nanoTime), finished at 1700000000.5 (fixed clock)
 *   map_entries: page_faults 5 keys read (the bad one too), latency 8, sizes 5
 * </pre>
 */
class ExpositionGoldenTest {
    private DrainLoop loop;

    @BeforeEach
    void drainOnce() {
        MetricSource pageFaults = new MetricSource("demo", counter("page_faults_total", "kind", "comm"), DECODER,
                FakeReader.always(contents(
                        "user,bash#1", 5L,
                        "user,bash#2", 7L,
                        "kernel,bash", 3L,
                        "user,a\"b\\c", -1L,
                        "user,!bad", 100L)),
                FakeReader.NO_DELETES, Optional.of(FakeReader.overflow(2).asCounter()), 10240, MapType.HASH);
        MetricSource latency = new MetricSource("demo",
                histogram("latency_seconds", BucketType.EXP2, 0, 3, 0.000001, List.of(), "op", "bucket"), DECODER,
                FakeReader.always(contents(
                        "read,0", 1L, "read,1", 2L, "read,2", 3L, "read,3", 4L, "read,4", 100L, "read,7", 5L,
                        "write,1", 2L, "write,4", 3L)),
                FakeReader.NO_DELETES, Optional.empty(), 64, MapType.HASH);
        MetricSource sizes = new MetricSource("demo",
                histogram("request_size_bytes", BucketType.FIXED, 0, 0, 1, List.of(64L, 512L, 4096L), "bucket"),
                DECODER,
                FakeReader.always(contents("64", 10L, "512", 5L, "4096", 1L, "100", 2L, "4097", 9000L)),
                FakeReader.NO_DELETES, Optional.empty(), 8, MapType.HASH);
        AtomicLong nanos = new AtomicLong();
        loop = new DrainLoop(List.of(pageFaults, latency, sizes), List.of(), Map.of("demo", true, "broken", false),
                Duration.ofSeconds(1), Clock.fixed(Instant.ofEpochMilli(1_700_000_000_500L), ZoneOffset.UTC),
                () -> nanos.getAndAdd(2_500_000));
        loop.drainNow();
    }

    @Test
    void prometheusTextFormat() throws IOException {
        assertThat(write(PrometheusTextFormatWriter.create())).isEqualTo(expected("metrics/golden.prom"));
    }

    @Test
    void openMetricsTextFormat() throws IOException {
        assertThat(write(OpenMetricsTextFormatWriter.create())).isEqualTo(expected("metrics/golden.om.txt"));
    }

    private String write(ExpositionFormatWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, new EbpfCollector(loop::latest).collect());
        return out.toString(UTF_8);
    }

    private static String expected(String resource) throws IOException {
        try (InputStream in = ExpositionGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
