package dev.ebpfexporter.bpf;

import java.util.Arrays;

/**
 * Every entry of a metric map read at one instant: keys packed back to back, one u64 value per key
 * (per-CPU values already summed). Values are unsigned; read them with {@link Long#toUnsignedString}
 * or compare with {@link Long#compareUnsigned}.
 */
public final class MapContents {
    private final int keySize;
    private final byte[] keys;
    private final long[] values;
    private final int count;

    public MapContents(int keySize, byte[] keys, long[] values, int count) {
        if (keys.length < keySize * count || values.length < count) {
            throw new IllegalArgumentException("buffers shorter than " + count + " entries");
        }
        this.keySize = keySize;
        this.keys = keys;
        this.values = values;
        this.count = count;
    }

    public int keySize() {
        return keySize;
    }

    public int count() {
        return count;
    }

    /** A copy of key {@code i}. */
    public byte[] key(int i) {
        return Arrays.copyOfRange(keys, i * keySize, (i + 1) * keySize);
    }

    /**
     * Whether key {@code i} has the same bytes as key {@code j} of {@code other} (an earlier read of
     * the same map), compared in place: the drain uses it to recognise known keys without copying.
     */
    public boolean sameKey(int i, MapContents other, int j) {
        return keySize == other.keySize
                && Arrays.equals(keys, i * keySize, (i + 1) * keySize, other.keys, j * keySize, (j + 1) * keySize);
    }

    public long value(int i) {
        return values[i];
    }
}
