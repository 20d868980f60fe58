package dev.ebpfexporter.metrics;

import static dev.ebpfexporter.metrics.TestMaps.DECODER;
import static dev.ebpfexporter.metrics.TestMaps.contents;
import static dev.ebpfexporter.metrics.TestMaps.histogram;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.HistogramConfig;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBucket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The native schema-0 buckets the histogram snapshot builder adds, from raw map slots. */
class NativeHistogramTest {

    @ParameterizedTest(name = "{0} {1}..{2} x {3}: native {4}")
    @CsvSource({
        // type,    min, max, multiplier,            native
        "EXP2,      0,   64,  1,                     true",
        "EXP2,      10,  64,  1,                     true",
        "EXP2,      0,   64,  0.5,                   true",
        "EXP2,      0,   64,  1024,                  true",
        "EXP2,      0,   64,  9.313225746154785E-10, true", // 2^-30 as Java prints it
        "EXP2ZERO,  0,   65,  1,                     true",
        "EXP2ZERO,  3,   65,  0.25,                  true",
        // The top slot holds every clamped value: no native bucket is its true range.
        "EXP2,      0,   63,  1,                     false",
        "EXP2,      10,  36,  1,                     false",
        "EXP2ZERO,  0,   64,  1,                     false",
        // Bounds 2^k x m that are not powers of two: no schema has them as boundaries.
        "EXP2,      0,   64,  0.000000001,           false",
        "EXP2,      0,   64,  3,                     false",
        "EXP2,      0,   64,  0.001,                 false",
        // Only the top bucket: no finite bucket to be the zero bucket.
        "EXP2,      64,  64,  1,                     false",
        "LINEAR,    0,   64,  1,                     false",
    })
    void nativeOnlyWhereEveryBucketLandsExactly(BucketType type, int min, int max, double multiplier,
            boolean expected) {
        // Slot min + i holds i + 1 observations, so each native bucket's count names its classic bucket.
        Object[] keysAndValues = new Object[2 * (max - min + 1)];
        for (int i = 0; i <= max - min; i++) {
            keysAndValues[2 * i] = String.valueOf(min + i);
            keysAndValues[2 * i + 1] = (long) i + 1;
        }

        HistogramDataPointSnapshot point = onlyPoint(histogram("h", type, min, max, multiplier, List.of(), "bucket"),
                keysAndValues);

        assertThat(point.hasNativeHistogramData()).isEqualTo(expected);
        assertThat(point.hasClassicHistogramData()).isTrue();
        if (expected) {
            assertClassicRangesAreNativeRanges(point);
        }
    }

    /**
     * Classic bucket 0 is the zero bucket (its le within the threshold); every other classic bucket's
     * (previous le, le] is its native bucket's (2^(i−1), 2^i], and the top one (le +Inf, the top slot)
     * one more power of two above the last finite le.
     */
    private static void assertClassicRangesAreNativeRanges(HistogramDataPointSnapshot point) {
        ClassicHistogramBuckets classic = point.getClassicBuckets();
        assertThat(point.getNativeZeroCount()).isEqualTo(1);
        assertThat(classic.getUpperBound(0)).isLessThanOrEqualTo(point.getNativeZeroThreshold());
        assertThat(point.getNativeBucketsForPositiveValues().size()).isEqualTo(classic.size() - 1);
        for (NativeHistogramBucket bucket : point.getNativeBucketsForPositiveValues()) {
            int i = (int) bucket.getCount() - 1;
            double lower = i == 1 ? point.getNativeZeroThreshold() : classic.getUpperBound(i - 1);
            double upper = i == classic.size() - 1 ? 2 * lower : classic.getUpperBound(i);
            assertThat(Math.scalb(1.0, bucket.getBucketIndex() - 1)).as("classic bucket %d", i).isEqualTo(lower);
            assertThat(Math.scalb(1.0, bucket.getBucketIndex())).as("classic bucket %d", i).isEqualTo(upper);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // exp2 slot k holds (2^(k-1), 2^k]: index k; slot 0 (values 0 and 1) and below bucket_min go to the
        // zero bucket [0, 2^min]; the top slot 64 is (2^63, 2^64].
        "exp2 from 0     | EXP2     | 0  | 64 | 1    | 0:3, 1:4, 2:5, 5:6, 64:7, 65:100 | 1.0      | 3 | 1:4, 2:5, 5:6, 64:7 | 100",
        "exp2 from 10    | EXP2     | 10 | 64 | 1    | 0:1, 9:2, 10:3, 11:4, 65:9       | 1024.0   | 6 | 11:4                | 9",
        // m = 2^-3: every index moves down by 3, the sum is scaled by m.
        "exp2 x 1/8      | EXP2     | 0  | 64 | 0.125| 0:1, 3:2, 65:16                  | 0.125    | 1 | 0:2                 | 2.0",
        // exp2zero slot 0 holds exact zeros (le 0), slot k >= 1 holds (2^(k-2), 2^(k-1)]: index k - 1. The zero
        // bucket's threshold is slot 1's lower bound, m/2, so it is above zero and holds only the zeros.
        "exp2zero from 0 | EXP2ZERO | 0  | 65 | 1    | 0:7, 1:1, 2:2, 65:3, 66:50       | 0.5      | 7 | 0:1, 1:2, 64:3      | 50",
        "exp2zero from 4 | EXP2ZERO | 4  | 65 | 2    | 0:1, 4:2, 5:3, 66:8              | 16.0     | 3 | 5:3                 | 16.0",
    })
    void nativeBucketsFromRawSlots(String name, BucketType type, int min, int max, double multiplier, String slots,
            double zeroThreshold, long zeroCount, String positive, double sum) {
        HistogramDataPointSnapshot point = onlyPoint(histogram("h", type, min, max, multiplier, List.of(), "bucket"),
                keysAndValues(slots));

        assertThat(point.getNativeSchema()).isEqualTo(0);
        assertThat(point.getNativeZeroThreshold()).isEqualTo(zeroThreshold);
        assertThat(point.getNativeZeroCount()).isEqualTo(zeroCount);
        assertThat(nativeBuckets(point)).isEqualTo(parse(positive));
        assertThat(point.getNativeBucketsForNegativeValues().size()).isZero();
        assertThat(point.getSum()).isEqualTo(sum);
        long nativeCount = zeroCount + parse(positive).values().stream().mapToLong(Long::longValue).sum();
        assertThat(point.getCount()).isEqualTo(nativeCount);
    }

    private static Object[] keysAndValues(String slots) {
        Map<Integer, Long> parsed = parse(slots);
        return parsed.entrySet().stream()
                .flatMap(e -> Stream.of(String.valueOf(e.getKey()), e.getValue()))
                .toArray();
    }

    /** "1:4, 2:5" → {1=4, 2=5}. */
    private static Map<Integer, Long> parse(String pairs) {
        Map<Integer, Long> parsed = new LinkedHashMap<>();
        for (String pair : pairs.split(",")) {
            String[] parts = pair.strip().split(":");
            parsed.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        }
        return parsed;
    }

    private static Map<Integer, Long> nativeBuckets(HistogramDataPointSnapshot point) {
        Map<Integer, Long> buckets = new LinkedHashMap<>();
        for (NativeHistogramBucket bucket : point.getNativeBucketsForPositiveValues()) {
            buckets.put(bucket.getBucketIndex(), bucket.getCount());
        }
        return buckets;
    }

    private static HistogramDataPointSnapshot onlyPoint(HistogramConfig config, Object... keysAndValues) {
        HistogramSnapshot snapshot = (HistogramSnapshot) SnapshotBuilder.of(config, DECODER)
                .build(contents(keysAndValues), 0).snapshot();
        assertThat(snapshot.getDataPoints()).hasSize(1);
        return snapshot.getDataPoints().get(0);
    }
}
