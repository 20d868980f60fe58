package dev.ebpfexporter.bpf;

import java.util.Arrays;

/**
 * Every entry of a metric map read at one instant: keys packed back to back, and for each key its
 * value as the kernel holds it: {@code fields} u64s (a struct of u64s, one for a plain counter),
 * once per CPU for a per-CPU map ({@code cpus} = the possible CPUs) or once ({@code cpus} = 1).
 * Values are unsigned; read them with {@link Long#toUnsignedString} or compare with
 * {@link Long#compareUnsigned}.
 */
public final class MapContents {
    private final int keySize;
    private final byte[] keys;
    private final long[] values;
    private final int count;
    private final int cpus;
    private final int fields;

    /** One u64 per key, not per CPU. */
    public MapContents(int keySize, byte[] keys, long[] values, int count) {
        this(keySize, keys, values, count, 1, 1);
    }

    /** @param values entry by entry, within an entry CPU by CPU, within a CPU field by field */
    public MapContents(int keySize, byte[] keys, long[] values, int count, int cpus, int fields) {
        if (cpus < 1 || fields < 1) {
            throw new IllegalArgumentException("needs at least one CPU and one field, got " + cpus + " and " + fields);
        }
        if (keys.length < keySize * count || values.length < (long) count * cpus * fields) {
            throw new IllegalArgumentException("buffers shorter than " + count + " entries");
        }
        this.keySize = keySize;
        this.keys = keys;
        this.values = values;
        this.count = count;
        this.cpus = cpus;
        this.fields = fields;
    }

    public int keySize() {
        return keySize;
    }

    public int count() {
        return count;
    }

    /** Values per field of an entry: the possible CPUs for a per-CPU map, else 1. */
    public int cpus() {
        return cpus;
    }

    /** u64s in each value. */
    public int fields() {
        return fields;
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

    /** The first field of entry {@code i}, summed over CPUs. */
    public long value(int i) {
        return sum(i, 0);
    }

    /** Field {@code field} of entry {@code i}, summed over CPUs (wrapping at 2^64 like the kernel's counters). */
    public long sum(int i, int field) {
        long sum = 0;
        for (int cpu = 0; cpu < cpus; cpu++) {
            sum += value(i, cpu, field);
        }
        return sum;
    }

    /** Field {@code field} of entry {@code i} on CPU {@code cpu}. */
    public long value(int i, int cpu, int field) {
        return values[(i * cpus + cpu) * fields + field];
    }
}
