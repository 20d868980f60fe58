package dev.ebpfexporter.metrics;

import static dev.ebpfexporter.metrics.TestMaps.contents;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.decode.DecodeException;
import dev.ebpfexporter.decode.SeriesDropped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyCacheTest {
    /**
     * Decodes a test key to its text, upper-cased; keys containing '!' are undecodable (null), those
     * containing '?' fail to decode and those containing '~' are dropped.
     */
    private final Map<String, Integer> decodes = new HashMap<>();
    private final KeyCache<String> cache = new KeyCache<>(key -> {
        String text = new String(key, US_ASCII).replace("\0", "");
        decodes.merge(text, 1, Integer::sum);
        if (text.contains("?")) {
            throw new DecodeException("bad " + text);
        }
        if (text.contains("~")) {
            throw new SeriesDropped("dropped " + text);
        }
        return text.contains("!") ? null : text.toUpperCase();
    });

    @Test
    void aKeyIsDecodedOnceWhileItStaysInTheMap() {
        assertThat(read(contents("a", 1L, "b", 2L))).containsExactly("A@0", "B@1");
        assertThat(read(contents("a", 3L, "b", 4L))).containsExactly("A@0", "B@1");
        assertThat(read(contents("b", 4L, "a", 3L))).containsExactly("B@0", "A@1");

        assertThat(decodes).containsOnly(Map.entry("a", 1), Map.entry("b", 1));
    }

    @Test
    void undecodableKeysAreCountedOnEveryReadAndDecodedOnce() {
        List<String> seen = new ArrayList<>();
        assertThat(cache.read(contents("a", 1L, "!bad", 2L, "?worse", 3L), (decoded, i) -> seen.add(decoded)))
                .isEqualTo(new KeyCache.Skipped(2, 0));
        assertThat(cache.read(contents("!bad", 2L, "a", 1L), (decoded, i) -> seen.add(decoded)))
                .isEqualTo(new KeyCache.Skipped(1, 0));
        assertThat(cache.read(contents("a", 1L), (decoded, i) -> seen.add(decoded))).isEqualTo(new KeyCache.Skipped(0, 0));

        assertThat(seen).containsExactly("A", "A", "A");
        assertThat(decodes).containsEntry("!bad", 1);
    }

    @Test
    void droppedKeysAreCountedApartOnEveryReadAndDecodedOnce() {
        List<String> seen = new ArrayList<>();
        assertThat(cache.read(contents("~drop", 1L, "a", 2L, "!bad", 3L, "~also", 4L), (decoded, i) -> seen.add(decoded)))
                .isEqualTo(new KeyCache.Skipped(1, 2));
        assertThat(cache.read(contents("a", 2L, "~drop", 1L), (decoded, i) -> seen.add(decoded)))
                .isEqualTo(new KeyCache.Skipped(0, 1));

        assertThat(seen).containsExactly("A", "A");
        assertThat(decodes).containsEntry("~drop", 1);
    }

    @Test
    void keysMissingFromAReadAreForgottenAndDecodedAgainWhenTheyReturn() {
        read(contents("a", 1L, "b", 2L, "c", 3L));
        read(contents("b", 2L));

        assertThat(cache.size()).isEqualTo(1);
        assertThat(read(contents("a", 1L, "b", 2L))).containsExactly("A@0", "B@1");
        assertThat(decodes).containsEntry("a", 2).containsEntry("b", 1).containsEntry("c", 1);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void keysShiftedByInsertionsAndDeletionsAreFound() {
        read(contents("a", 0L, "b", 0L, "c", 0L, "d", 0L, "e", 0L));

        assertThat(read(contents("x", 0L, "a", 0L, "b", 0L, "d", 0L, "e", 0L, "y", 0L)))
                .containsExactly("X@0", "A@1", "B@2", "D@3", "E@4", "Y@5");
        assertThat(read(contents("e", 0L, "d", 0L, "b", 0L, "a", 0L, "x", 0L, "y", 0L)))
                .containsExactly("E@0", "D@1", "B@2", "A@3", "X@4", "Y@5");
        assertThat(decodes).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
    }

    @Test
    void aKeyReadTwiceInOneReadIsGivenTwice() {
        assertThat(read(contents("a", 1L, "a", 1L))).containsExactly("A@0", "A@1");
        assertThat(cache.size()).isEqualTo(1);
    }

    /** What the cache hands out for each decodable key, as "DECODED@index". */
    private List<String> read(MapContents contents) {
        List<String> seen = new ArrayList<>();
        cache.read(contents, (decoded, i) -> seen.add(decoded + "@" + i));
        return seen;
    }
}
