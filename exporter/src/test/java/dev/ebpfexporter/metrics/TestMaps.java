package dev.ebpfexporter.metrics;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.BucketType;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.HistogramBuckets;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.config.SeriesLimits;
import dev.ebpfexporter.decode.DecodeException;
import dev.ebpfexporter.decode.KeyDecoder;
import dev.ebpfexporter.decode.SeriesDropped;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Map contents written as text: a key is its comma-separated label values, NUL-padded to
 * {@link #KEY_SIZE} bytes. {@link #DECODER} ignores anything after '#' (so "a#1" and "a#2" decode to
 * the same labels), fails on keys containing '!' and drops keys containing '~' ({@link SeriesDropped}).
 */
final class TestMaps {
    static final int KEY_SIZE = 32;

    static final KeyDecoder DECODER = key -> {
        String text = new String(key, US_ASCII).replace("\0", "");
        if (text.contains("!")) {
            throw new DecodeException("undecodable test key " + text);
        }
        if (text.contains("~")) {
            throw new SeriesDropped("dropped test key " + text);
        }
        return List.of(text.split("#", -1)[0].split(",", -1));
    };

    private TestMaps() {}

    /** {@code contents("a,b", 1L, "c,d", 2L)}: keys and their u64 values, in map order. */
    static MapContents contents(Object... keysAndValues) {
        int count = keysAndValues.length / 2;
        byte[] keys = new byte[KEY_SIZE * count];
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            byte[] key = ((String) keysAndValues[2 * i]).getBytes(US_ASCII);
            System.arraycopy(key, 0, keys, i * KEY_SIZE, key.length);
            values[i] = (Long) keysAndValues[2 * i + 1];
        }
        return new MapContents(KEY_SIZE, keys, values, count);
    }

    static CounterConfig counter(String name, String... labels) {
        return new CounterConfig(name, "Help for " + name, labelConfigs(labels), OptionalInt.empty());
    }

    static CounterConfig counter(String name, SeriesLimits limits, String... labels) {
        return new CounterConfig(name, "Help for " + name, labelConfigs(labels), OptionalInt.empty(), false, limits);
    }

    /** A histogram as YAML writes its buckets: fixed ones list {@code keys}, the others a slot range. */
    static HistogramConfig histogram(String name, BucketType type, int min, int max, double multiplier,
            List<Long> keys, String... labels) {
        HistogramBuckets buckets = type == BucketType.FIXED
                ? new HistogramBuckets.FixedKeys(keys)
                : new HistogramBuckets.SlotRange(type, min, max);
        return new HistogramConfig(name, "Help for " + name, buckets, multiplier, labelConfigs(labels),
                OptionalInt.empty());
    }

    private static List<LabelConfig> labelConfigs(String... names) {
        return Arrays.stream(names).map(n -> new LabelConfig(n, 4, 0, List.of(new DecoderConfig("uint", Map.of(), false, List.of())))).toList();
    }
}
