package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.HistogramBuckets;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * Keys of a histogram kept in a (per-CPU) array with one label besides the bucket slot. The map's
 * key is a u32 index: the label's value v owns slots 0 … bucket_max + 1 (the last one the sum) at
 * indexes v × (bucket_max + 2) + slot ({@code observe_percpu_array_histogram} in histogram.bpf.h).
 * An array lookup costs the BPF side no hashing, so a labelled histogram stays two plain adds. The
 * key is rebuilt as the labels lay it out, v then the slot, each in its label's size (host byte
 * order, paddings zero), and decoded like any other key.
 */
final class ArrayHistogramKeyDecoder implements KeyDecoder {
    private final KeyDecoder labels;
    private final long slotsPerValue;
    private final int valueSize;
    private final int slotOffset;
    private final int slotSize;
    private final int keySize;

    private ArrayHistogramKeyDecoder(HistogramConfig histogram, KeyDecoder labels) {
        LabelConfig value = histogram.labels().get(0);
        this.labels = labels;
        this.slotsPerValue = histogram.buckets().sumSlot() + 1;
        this.valueSize = value.size();
        this.slotOffset = value.size() + value.padding();
        this.slotSize = histogram.labels().get(1).size();
        this.keySize = histogram.keySize();
    }

    /**
     * The decoder for {@code histogram} in an array map, when its labels fit the layout: one label
     * and the bucket, each of 1, 2, 4 or 8 bytes, buckets numbered by slot (not {@code fixed} keys).
     */
    static Optional<KeyDecoder> forArray(HistogramConfig histogram, KeyDecoder labels) {
        List<LabelConfig> configs = histogram.labels();
        if (configs.size() != 2 || !(histogram.buckets() instanceof HistogramBuckets.SlotRange)
                || !isUintSize(configs.get(0).size()) || !isUintSize(configs.get(1).size())) {
            return Optional.empty();
        }
        return Optional.of(new ArrayHistogramKeyDecoder(histogram, labels));
    }

    @Override
    public List<String> decode(byte[] key) throws DecodeException {
        if (key.length != Integer.BYTES) {
            throw new DecodeException("an array index has 4 bytes, got " + key.length);
        }
        long index = Integer.toUnsignedLong(ByteBuffer.wrap(key).order(ByteOrder.nativeOrder()).getInt());
        ByteBuffer rebuilt = ByteBuffer.allocate(keySize).order(ByteOrder.nativeOrder());
        put(rebuilt, 0, valueSize, index / slotsPerValue);
        put(rebuilt, slotOffset, slotSize, index % slotsPerValue);
        return labels.decode(rebuilt.array());
    }

    private static void put(ByteBuffer key, int offset, int size, long value) throws DecodeException {
        if (size < Long.BYTES && value >>> (size * Byte.SIZE) != 0) {
            throw new DecodeException(value + " does not fit the label's " + size + " bytes");
        }
        switch (size) {
            case 1 -> key.put(offset, (byte) value);
            case 2 -> key.putShort(offset, (short) value);
            case 4 -> key.putInt(offset, (int) value);
            default -> key.putLong(offset, value);
        }
    }

    private static boolean isUintSize(int size) {
        return size == 1 || size == 2 || size == 4 || size == 8;
    }
}
