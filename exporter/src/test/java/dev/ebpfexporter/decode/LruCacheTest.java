package dev.ebpfexporter.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LruCacheTest {
    @Test
    void aChurnOfDistinctKeysKeepsTheCapacityUsedLast() {
        LruCache<Integer, String> cache = new LruCache<>(1000);
        for (int key = 0; key < 1_000_000; key++) {
            cache.put(key, "v" + key);
            assertThat(cache.size()).isLessThanOrEqualTo(1000);
        }
        assertThat(cache).hasSize(1000).containsKeys(999_000, 999_999).doesNotContainKey(998_999);
    }

    @Test
    void aKeyReadRecentlyOutlivesOlderOnes() {
        LruCache<String, String> cache = new LruCache<>(2);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.get("a");
        cache.put("c", "3");
        assertThat(cache).containsOnlyKeys("a", "c");
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new LruCache<String, String>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
