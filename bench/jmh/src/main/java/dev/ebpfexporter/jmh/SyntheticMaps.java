package dev.ebpfexporter.jmh;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.HistogramBuckets;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.config.MetricConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

/**
 * The maps of {@code bench/synthetic} (what {@code bench/scale-synthetic.sh} drains), built in
 * memory: a counter keyed by a u32 id, and an exp2 histogram keyed by (u32 id, u32 slot) with ten
 * keys per id (slots 0–8 and the sum slot 9). Keys come in a fixed pseudo-random order, as a kernel
 * hash map hands them out.
 */
final class SyntheticMaps {
    static final int SLOTS_PER_ID = 10;
    private static final List<DecoderConfig> UINT = List.of(new DecoderConfig("uint", Map.of(), false, List.of()));

    private SyntheticMaps() {}

    static MetricConfig counter() {
        return new CounterConfig("synthetic_events_total", "Synthetic counter",
                List.of(new LabelConfig("id", 4, 0, UINT)), OptionalInt.empty());
    }

    static MetricConfig histogram() {
        return new HistogramConfig("synthetic_latency_seconds", "Synthetic histogram",
                new HistogramBuckets.SlotRange(BucketType.EXP2, 0, 8), 0.000001, List.of(new LabelConfig("id", 4, 0, UINT), new LabelConfig("bucket", 4, 0, UINT)),
                OptionalInt.empty());
    }

    /** {@code keys} counter keys, each valued {@code base} + a small per-key amount. */
    static MapContents counterContents(int keys, long base) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * keys).order(ByteOrder.nativeOrder());
        long[] values = new long[keys];
        int[] order = shuffled(keys);
        for (int i = 0; i < keys; i++) {
            bytes.putInt(order[i]);
            values[i] = base + order[i] % 200 + 1;
        }
        return new MapContents(4, bytes.array(), values, keys);
    }

    /** {@code keys} histogram keys ({@code keys / 10} ids), each valued {@code base} + its slot + 1. */
    static MapContents histogramContents(int keys, long base) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * keys).order(ByteOrder.nativeOrder());
        long[] values = new long[keys];
        int[] order = shuffled(keys);
        for (int i = 0; i < keys; i++) {
            int id = order[i] / SLOTS_PER_ID;
            int slot = order[i] % SLOTS_PER_ID;
            bytes.putInt(id).putInt(slot);
            values[i] = base + slot + 1;
        }
        return new MapContents(8, bytes.array(), values, keys);
    }

    private static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(42);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
