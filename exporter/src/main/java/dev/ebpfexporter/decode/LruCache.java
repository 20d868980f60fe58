package dev.ebpfexporter.decode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoder's cache of answers, bounded to {@code capacity} entries, least recently used out
 * first: the keys of live map entries are asked for on every drain and stay, while a churn of
 * distinct keys (containers, loop devices, interfaces coming and going) cannot grow it without
 * bound. Not thread-safe: the decoder's lock guards it.
 */
final class LruCache<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;

    private final int capacity;

    /** @param capacity the most entries kept, at least 1 */
    LruCache(int capacity) {
        super(16, 0.75f, true);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
