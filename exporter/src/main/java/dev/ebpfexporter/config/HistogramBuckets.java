package dev.ebpfexporter.config;

import java.util.List;
import java.util.stream.LongStream;

/**
 * Which bucket slots a histogram map has: a range of slot numbers (exp2, exp2zero, linear), or the
 * listed keys of a fixed histogram. The slot after the last one holds the sum of observed values.
 */
public sealed interface HistogramBuckets permits HistogramBuckets.SlotRange, HistogramBuckets.FixedKeys {
    BucketType type();

    /** The bucket slots, ascending. */
    long[] slots();

    /** The slot holding the sum of observed values: one past the last bucket slot. */
    long sumSlot();

    /**
     * Slots {@code min … max} of an exp2, exp2zero or linear histogram.
     *
     * @param max for exp2 at most 64 (slot k counts values up to 2^k: a u64 reaches slot 64 and no
     *     further, so bucket_max 64 is the one top slot nothing is clamped into, what native histograms
     *     need), for exp2zero 65 (every slot shifted up by one to make room for zero)
     */
    record SlotRange(BucketType type, int min, int max) implements HistogramBuckets {
        private static final int EXP2_MAX_SLOT = 64;

        public SlotRange {
            if (type == BucketType.FIXED) {
                throw new InvalidField("bucket_type", "fixed lists its slots in bucket_keys, not a range");
            }
            if (min < 0) {
                throw new InvalidField("bucket_min", "(" + min + ") must be ≥ 0");
            }
            if (max < min) {
                throw new InvalidField("bucket_max", "(" + max + ") must be ≥ bucket_min (" + min + ")");
            }
            int maxSlot = type == BucketType.EXP2 ? EXP2_MAX_SLOT : EXP2_MAX_SLOT + 1;
            if (type != BucketType.LINEAR && max > maxSlot) {
                throw new InvalidField("bucket_max", "(" + max + ") must be ≤ " + maxSlot + " for " + type.yamlName()
                        + " histograms (slot " + maxSlot + " already holds the largest u64 values)");
            }
        }

        @Override
        public long[] slots() {
            return LongStream.rangeClosed(min, max).toArray();
        }

        @Override
        public long sumSlot() {
            return max + 1L;
        }
    }

    /** The slots of a fixed histogram: its {@code bucket_keys}, non-negative integers strictly ascending. */
    record FixedKeys(List<Long> keys) implements HistogramBuckets {
        public FixedKeys {
            keys = List.copyOf(keys);
            if (keys.isEmpty()) {
                throw new InvalidField("bucket_keys", "must not be empty");
            }
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i) < 0) {
                    throw new InvalidField("bucket_keys[" + i + "]", "(" + keys.get(i) + ") must be ≥ 0");
                }
                if (i > 0 && keys.get(i) <= keys.get(i - 1)) {
                    throw new InvalidField("bucket_keys[" + i + "]", "(" + keys.get(i) + ") must be > bucket_keys["
                            + (i - 1) + "] (" + keys.get(i - 1) + "): keys must be ascending");
                }
            }
        }

        @Override
        public BucketType type() {
            return BucketType.FIXED;
        }

        @Override
        public long[] slots() {
            return keys.stream().mapToLong(Long::longValue).toArray();
        }

        @Override
        public long sumSlot() {
            return keys.get(keys.size() - 1) + 1;
        }
    }
}
