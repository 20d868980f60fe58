package dev.ebpfexporter.metrics;

import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.HistogramBuckets;
import dev.ebpfexporter.config.HistogramConfig;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Where each bucket slot of a histogram map lands among the Prometheus classic buckets.
 *
 * <p>The BPF program counts an observed value v in slot k, the last label of the map key. Each
 * bucket's {@code le} is a true inclusive upper bound of every value the kernel side counts there
 * (m is {@code bucket_multiplier}):
 *
 * <ul>
 *   <li>{@code exp2}: slot k = ⌈log2 v⌉ (v = 0 and v = 1 in slot 0), so slot k holds (2^(k−1), 2^k]:
 *       {@code le = 2^k × m}.
 *   <li>{@code exp2zero}: slot 0 holds exactly 0: {@code le = 0}; slot k ≥ 1 holds (2^(k−2), 2^(k−1)]:
 *       {@code le = 2^(k−1) × m}.
 *   <li>{@code linear}: slot k = ⌈v / step⌉ (the shipped helper), so slot k holds ((k−1)·step, k·step]:
 *       {@code le = k × m}, with m = step × unit.
 *   <li>{@code fixed}: v goes to the smallest bucket key ≥ v: {@code le = key × m}.
 * </ul>
 *
 * <p>Buckets exposed: one per slot {@code bucket_min … bucket_max − 1} (fixed: every key but the
 * last), then {@code +Inf}. The helpers clamp values above the top into slot {@code bucket_max}
 * (fixed: the last key), so that slot's only true bound is {@code +Inf}. Slots below
 * {@code bucket_min} count in the first bucket (their values are ≤ its {@code le}); slots above
 * {@code bucket_max + 1}, and slots that are not a listed fixed key, count only in {@code +Inf}.
 * Slot {@code bucket_max + 1} (fixed: last key + 1) holds the sum of observed values, in the same
 * units as the bucket bounds before scaling: the exposed {@code _sum} is that sum × m.
 *
 * <p>Bounds and sums are the exact product of the integer and the decimal multiplier as written,
 * rounded once ({@link DecimalMultiplier}).
 */
public final class BucketLayout {
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /** The slot each exposed bucket stands for, ascending; the last bucket's bound is +Inf. */
    private final long[] slots;

    private final double[] upperBounds;
    /** Fixed buckets know only their listed keys; exp2/exp2zero/linear know every slot in between. */
    private final boolean listedSlotsOnly;

    private final long sumSlot;
    private final DecimalMultiplier multiplier;

    private BucketLayout(HistogramBuckets buckets, double multiplier) {
        BucketType type = buckets.type();
        this.slots = buckets.slots();
        this.listedSlotsOnly = type == BucketType.FIXED;
        this.sumSlot = buckets.sumSlot();
        this.multiplier = new DecimalMultiplier(multiplier);
        this.upperBounds = new double[slots.length];
        for (int i = 0; i < slots.length - 1; i++) {
            upperBounds[i] = this.multiplier.times(slotBound(type, slots[i]));
        }
        upperBounds[slots.length - 1] = Double.POSITIVE_INFINITY;
    }

    public static BucketLayout of(HistogramConfig histogram) {
        return new BucketLayout(histogram.buckets(), histogram.bucketMultiplier());
    }

    /** Upper bounds of the exposed buckets, ascending, the last one +Inf. */
    public double[] upperBounds() {
        return upperBounds.clone();
    }

    /** The bucket whose count includes slot {@code slot} (read as unsigned); not for the sum slot. */
    public int bucketIndexOf(long slot) {
        int last = slots.length - 1;
        if (slot < 0) {
            return last; // ≥ 2^63 as unsigned: above every slot
        }
        int found = Arrays.binarySearch(slots, slot);
        if (found >= 0) {
            return found;
        }
        if (listedSlotsOnly) {
            return last;
        }
        int insertionPoint = -found - 1; // 0 below bucket_min, slots.length above bucket_max
        return Math.min(insertionPoint, last);
    }

    public boolean isSumSlot(long slot) {
        return slot == sumSlot;
    }

    /** The slot holding the sum: bucket_max + 1 (fixed: last key + 1), the highest slot a series has. */
    public long sumSlot() {
        return sumSlot;
    }

    /** The exposed {@code _sum} for a raw u64 sum slot value. */
    public double scaleSum(long rawSum) {
        return multiplier.times(rawSum);
    }

    /** A slot's upper bound before the multiplier. */
    private static BigDecimal slotBound(BucketType type, long slot) {
        return switch (type) {
            case EXP2 -> TWO.pow((int) slot);
            case EXP2ZERO -> slot == 0 ? BigDecimal.ZERO : TWO.pow((int) slot - 1);
            case LINEAR, FIXED -> BigDecimal.valueOf(slot);
        };
    }
}
