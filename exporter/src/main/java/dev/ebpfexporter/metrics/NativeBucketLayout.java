package dev.ebpfexporter.metrics;

import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.HistogramBuckets;
import dev.ebpfexporter.config.HistogramConfig;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.Optional;

/**
 * Where the classic buckets of an exp2 or exp2zero histogram land among native histogram buckets
 * of schema 0 (bucket index i holds (2^(i−1), 2^i]), for the histograms where every one of them
 * lands exactly; the others are served as classic histograms only.
 *
 * <p>Exact needs three things. The multiplier m is a power of two, 2^j: then every finite classic
 * bound 2^k × m is 2^(k+j), a schema boundary (a decimal multiplier that is not an integer power of
 * two, such as the usual 0.000000001 for ns to seconds, is never a power of 2^(2^−s) for any
 * schema s, so no schema fits it). The top slot {@code bucket_max} holds a bounded range: the
 * helpers clamp values above the top into it, and native buckets have no open-ended bucket like
 * {@code +Inf}, so the top must be past every slot a u64 value can reach (exp2: ⌈log2(2^64 − 1)⌉ =
 * 64, exp2zero: 65), where clamping never happens and the top slot holds (2^(k−1), 2^k] × m like
 * the others. And there is a finite bucket besides the top.
 *
 * <p>Mapping: classic bucket 0 (values ≤ its {@code le}, slots below {@code bucket_min} included)
 * becomes the zero bucket, whose threshold is the lower bound of the first positive bucket: that
 * is the {@code le} of classic bucket 0, except for exp2zero from slot 0, where that bucket holds
 * exact zeros and the threshold m/2 still separates them from slot 1's values (m). A zero
 * threshold above zero also marks the histogram as native to every Prometheus version. Classic
 * bucket i ≥ 1 becomes native bucket {@code firstIndex + i − 1}. Count and sum are the classic ones.
 */
final class NativeBucketLayout {
    static final int SCHEMA = 0;
    /** The highest exp2 slot a u64 value reaches (exp2zero: one more); from there on nothing is clamped. */
    private static final int EXP2_TOP_SLOT = 64;

    private final double zeroThreshold;
    /** The native index of classic bucket 1. */
    private final int firstIndex;

    private NativeBucketLayout(double zeroThreshold, int firstIndex) {
        this.zeroThreshold = zeroThreshold;
        this.firstIndex = firstIndex;
    }

    /**
     * The native layout of {@code histogram}, whose classic bounds are {@code upperBounds}; empty
     * when some classic bucket would not land exactly on a native one.
     */
    static Optional<NativeBucketLayout> of(HistogramConfig histogram, double[] upperBounds) {
        if (!(histogram.buckets() instanceof HistogramBuckets.SlotRange range)
                || range.type() != BucketType.EXP2 && range.type() != BucketType.EXP2ZERO) {
            return Optional.empty();
        }
        int slotShift = range.type() == BucketType.EXP2 ? 0 : 1; // exp2zero slot k holds what exp2 slot k − 1 holds
        double multiplier = histogram.bucketMultiplier();
        int j = Math.getExponent(multiplier);
        if (multiplier != Math.scalb(1.0, j) || range.max() < EXP2_TOP_SLOT + slotShift || upperBounds.length < 2) {
            return Optional.empty();
        }
        int firstIndex = range.min() + 1 - slotShift + j;
        double zeroThreshold = Math.scalb(1.0, firstIndex - 1);
        // The classic bounds are the proven ones: the native bounds must be those very numbers.
        boolean exact = upperBounds[0] <= zeroThreshold && zeroThreshold > 0
                && Double.isFinite(Math.scalb(1.0, firstIndex + upperBounds.length - 2));
        for (int i = 1; exact && i < upperBounds.length - 1; i++) {
            exact = upperBounds[i] == Math.scalb(1.0, firstIndex + i - 1);
        }
        return exact ? Optional.of(new NativeBucketLayout(zeroThreshold, firstIndex)) : Optional.empty();
    }

    /** Adds the native representation of classic bucket counts {@code counts} (not cumulative) to {@code point}. */
    HistogramDataPointSnapshot.Builder addTo(HistogramDataPointSnapshot.Builder point, long[] counts) {
        NativeHistogramBuckets.Builder positive = NativeHistogramBuckets.builder();
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] != 0) {
                positive.bucket(firstIndex + i - 1, counts[i]);
            }
        }
        return point.nativeSchema(SCHEMA)
                .nativeZeroThreshold(zeroThreshold)
                .nativeZeroCount(counts[0])
                .nativeBucketsForPositiveValues(positive.build());
    }
}
