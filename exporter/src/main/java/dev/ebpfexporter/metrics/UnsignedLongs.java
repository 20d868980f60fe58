package dev.ebpfexporter.metrics;

/** u64 values carried in a {@code long}, turned into the float64 a Prometheus sample holds. */
public final class UnsignedLongs {
    private UnsignedLongs() {}

    /**
     * The double nearest to {@code value} read as unsigned: exact up to 2^53, correctly rounded
     * above (2^64 − 1 becomes 2^64).
     */
    public static double toDouble(long value) {
        if (value >= 0) {
            return value;
        }
        // Halve to fit a signed long, keeping the lowest bit as a sticky bit so the single rounding
        // of the conversion stays round-to-nearest-even; doubling back is exact.
        return ((value >>> 1) | (value & 1)) * 2.0;
    }
}
