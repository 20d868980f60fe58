package dev.ebpfexporter.metrics;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.ebpfexporter.bpf.MapContents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A hash map as increment_map() uses it, keys written as {@link TestMaps} writes them: a key is
 * inserted on its first increment, an increment that finds the map full goes to the overflow
 * counter, and a delete returns the key's value at that instant.
 */
final class FakeHashMap implements MapReader, KeyDeleter {
    private final int maxEntries;
    private final Map<String, Long> entries = new LinkedHashMap<>();
    private long overflow;
    private long deletes;

    FakeHashMap(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    void increment(String key, long by) {
        if (entries.containsKey(key) || entries.size() < maxEntries) {
            entries.merge(key, by, Long::sum);
        } else {
            overflow += by;
        }
    }

    @Override
    public MapContents read() {
        List<Object> keysAndValues = new ArrayList<>();
        entries.forEach((key, value) -> {
            keysAndValues.add(key);
            keysAndValues.add(value);
        });
        return TestMaps.contents(keysAndValues.toArray());
    }

    @Override
    public OptionalLong delete(byte[] key) {
        deletes++;
        Long value = entries.remove(new String(key, US_ASCII).replace("\0", ""));
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    LongReader overflowCounter() {
        return () -> overflow;
    }

    long overflow() {
        return overflow;
    }

    long deletes() {
        return deletes;
    }

    int size() {
        return entries.size();
    }
}
