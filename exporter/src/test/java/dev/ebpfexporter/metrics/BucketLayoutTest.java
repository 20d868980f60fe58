package dev.ebpfexporter.metrics;

import static dev.ebpfexporter.metrics.TestMaps.histogram;
import static java.lang.Double.POSITIVE_INFINITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.config.BucketType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden bucket layouts. The tables give an observed value v, the slot the kernel helper puts it in
 * (worked out by hand from the helper's formula), and the {@code le} of the bucket that counts it:
 * v must be ≤ that le (a true upper bound) and > the previous bucket's le (the bound is tight).
 */
class BucketLayoutTest {
    private static final double INF = POSITIVE_INFINITY;

    /** exp2, bucket_min 0, bucket_max 5, multiplier 1: slot k = ⌈log2 v⌉ holds (2^(k−1), 2^k]. */
    private static final BucketLayout EXP2 = BucketLayout.of(histogram("x", BucketType.EXP2, 0, 5, 1, List.of(), "slot"));

    @Test
    void exp2Bounds() {
        assertThat(EXP2.upperBounds()).containsExactly(1, 2, 4, 8, 16, INF);
    }

    @ParameterizedTest(name = "v={0} in slot {1}: le {2}")
    @CsvSource({
        "0,    0, 1", // the helper puts 0 and 1 in slot 0
        "1,    0, 1",
        "2,    1, 2", // slot 1 is (1, 2]: both ends are 2
        "3,    2, 4", // slot 2 is (2, 4]: low end
        "4,    2, 4", //                   high end
        "5,    3, 8",
        "8,    3, 8",
        "9,    4, 16",
        "16,   4, 16",
        "17,   5, Infinity", // top slot 5 also gets everything the helper clamps
        "1000, 5, Infinity",
    })
    void exp2ValuesLandUnderATrueBound(long value, long slot, double le) {
        assertLandsIn(EXP2, value, slot, le);
    }

    @Test
    void exp2SlotsOutsideTheRange() {
        assertThat(EXP2.isSumSlot(6)).isTrue(); // bucket_max + 1
        assertThat(EXP2.isSumSlot(5)).isFalse();
        assertThat(EXP2.bucketIndexOf(7)).isEqualTo(5); // above the sum slot: only +Inf
        assertThat(EXP2.bucketIndexOf(-1L)).isEqualTo(5); // 2^64 − 1 as unsigned
    }

    /** exp2 in µs exposed in seconds, buckets starting at 2^3. */
    @Test
    void exp2WithMinimumAndMicrosecondMultiplier() {
        BucketLayout layout = BucketLayout.of(histogram("x", BucketType.EXP2, 3, 6, 0.000001, List.of(), "slot"));

        assertThat(layout.upperBounds()).containsExactly(0.000008, 0.000016, 0.000032, INF);
        // Slots 0..2 hold values ≤ 4 µs: counted in the first bucket (le 8 µs), never dropped.
        assertThat(layout.bucketIndexOf(0)).isEqualTo(0);
        assertThat(layout.bucketIndexOf(2)).isEqualTo(0);
        assertThat(layout.bucketIndexOf(3)).isEqualTo(0);
        assertThat(layout.bucketIndexOf(5)).isEqualTo(2);
        assertThat(layout.bucketIndexOf(6)).isEqualTo(3); // clamped top slot → +Inf
        assertThat(layout.isSumSlot(7)).isTrue();
        assertThat(layout.bucketIndexOf(8)).isEqualTo(3);
        assertThat(layout.scaleSum(1234)).isEqualTo(0.001234); // 1234 µs
    }

    /** exp2zero, bucket_min 0, bucket_max 4: slot 0 holds 0; slot k ≥ 1 holds (2^(k−2), 2^(k−1)]. */
    private static final BucketLayout EXP2ZERO =
            BucketLayout.of(histogram("x", BucketType.EXP2ZERO, 0, 4, 1, List.of(), "slot"));

    @Test
    void exp2zeroBounds() {
        assertThat(EXP2ZERO.upperBounds()).containsExactly(0, 1, 2, 4, INF);
        assertThat(EXP2ZERO.isSumSlot(5)).isTrue();
    }

    @ParameterizedTest(name = "v={0} in slot {1}: le {2}")
    @CsvSource({
        "0, 0, 0",
        "1, 1, 1", // slot 1 is (1/2, 1]
        "2, 2, 2", // slot 2 is (1, 2]
        "3, 3, 4", // slot 3 is (2, 4]: low end
        "4, 3, 4", //                   high end
        "5, 4, Infinity", // top slot
        "99, 4, Infinity",
    })
    void exp2zeroValuesLandUnderATrueBound(long value, long slot, double le) {
        assertLandsIn(EXP2ZERO, value, slot, le);
    }

    /** linear with step 10 (unit 1), bucket_min 0, bucket_max 5: slot k = ⌈v / 10⌉ holds ((k−1)·10, k·10]. */
    private static final BucketLayout LINEAR =
            BucketLayout.of(histogram("x", BucketType.LINEAR, 0, 5, 10, List.of(), "slot"));

    @Test
    void linearBounds() {
        assertThat(LINEAR.upperBounds()).containsExactly(0, 10, 20, 30, 40, INF);
        assertThat(LINEAR.isSumSlot(6)).isTrue();
    }

    @ParameterizedTest(name = "v={0} in slot {1}: le {2}")
    @CsvSource({
        "0,  0, 0",
        "1,  1, 10",
        "10, 1, 10",
        "11, 2, 20",
        "20, 2, 20",
        "40, 4, 40",
        "41, 5, Infinity",
        "500, 5, Infinity",
    })
    void linearValuesLandUnderATrueBound(long value, long slot, double le) {
        assertLandsIn(LINEAR, value, slot, le);
    }

    @Test
    void linearWithMinimumCountsLowSlotsInTheFirstBucket() {
        // step 20 µs exposed in seconds (multiplier = 20 × 0.000001), bucket_min 2, bucket_max 4
        BucketLayout layout = BucketLayout.of(histogram("x", BucketType.LINEAR, 2, 4, 0.00002, List.of(), "slot"));

        assertThat(layout.upperBounds()).containsExactly(0.00004, 0.00006, INF);
        assertThat(layout.bucketIndexOf(0)).isEqualTo(0);
        assertThat(layout.bucketIndexOf(1)).isEqualTo(0);
        assertThat(layout.bucketIndexOf(3)).isEqualTo(1);
        assertThat(layout.bucketIndexOf(4)).isEqualTo(2);
        assertThat(layout.isSumSlot(5)).isTrue();
        assertThat(layout.bucketIndexOf(6)).isEqualTo(2);
        // The sum slot holds Σv / step: 7 steps of 20 µs.
        assertThat(layout.scaleSum(7)).isEqualTo(0.00014);
    }

    /** fixed keys 10, 50, 100, 1000 in ms exposed in seconds: v goes to the smallest key ≥ v. */
    private static final BucketLayout FIXED =
            BucketLayout.of(histogram("x", BucketType.FIXED, 0, 0, 0.001, List.of(10L, 50L, 100L, 1000L), "slot"));

    @Test
    void fixedBounds() {
        assertThat(FIXED.upperBounds()).containsExactly(0.01, 0.05, 0.1, INF);
        assertThat(FIXED.isSumSlot(1001)).isTrue(); // last key + 1
        assertThat(FIXED.isSumSlot(1000)).isFalse();
        assertThat(FIXED.scaleSum(2500)).isEqualTo(2.5);
    }

    @ParameterizedTest(name = "v={0} in slot {1}: le {2}")
    @CsvSource({
        "0,    10,   0.01",
        "10,   10,   0.01",
        "11,   50,   0.05",
        "50,   50,   0.05",
        "100,  100,  0.1",
        "101,  1000, Infinity", // the last key is the catch-all
        "5000, 1000, Infinity",
    })
    void fixedValuesLandUnderATrueBound(long value, long slot, double le) {
        assertLandsIn(FIXED, value * 0.001, slot, le);
    }

    @Test
    void fixedUnknownKeysCountOnlyInInf() {
        assertThat(FIXED.bucketIndexOf(7)).isEqualTo(3);
        assertThat(FIXED.bucketIndexOf(60)).isEqualTo(3);
        assertThat(FIXED.bucketIndexOf(2000)).isEqualTo(3);
    }

    @Test
    void singleSlotRangeIsOnlyInf() {
        BucketLayout layout = BucketLayout.of(histogram("x", BucketType.EXP2, 4, 4, 1, List.of(), "slot"));

        assertThat(layout.upperBounds()).containsExactly(INF);
        assertThat(layout.bucketIndexOf(0)).isZero();
        assertThat(layout.isSumSlot(5)).isTrue();
    }

    @Test
    void upperBoundsAreACopy() {
        EXP2.upperBounds()[0] = 99;

        assertThat(EXP2.upperBounds()[0]).isEqualTo(1);
    }

    private static void assertLandsIn(BucketLayout layout, double value, long slot, double le) {
        double[] bounds = layout.upperBounds();
        int index = layout.bucketIndexOf(slot);

        assertThat(bounds[index]).isEqualTo(le);
        assertThat(value).isLessThanOrEqualTo(bounds[index]);
        if (index > 0) {
            assertThat(value).isGreaterThan(bounds[index - 1]);
        }
    }
}
