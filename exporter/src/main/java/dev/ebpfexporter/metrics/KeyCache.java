package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.decode.DecodeException;
import dev.ebpfexporter.decode.SeriesDropped;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;
import java.util.function.ObjLongConsumer;

/**
 * What each key of one map decoded to, kept from one read to the next, so that a key is decoded
 * (and its series' labels built and validated) once while it stays in the map rather than on every
 * drain. A key's bytes decode to the same labels every time (decoders are functions of the bytes;
 * the cgroup decoder keeps its own answers for the same reason), so a remembered answer is the
 * answer a new decode would give. Keys missing from a read are forgotten at its end: the cache holds
 * at most the keys of the last read, never more than the map's max_entries.
 *
 * <p>Each key also remembers since which read its value is unchanged, so that keys idle for long
 * enough can be deleted from the kernel map ({@link #retireIdle}).
 *
 * <p>Finding a key: the kernel walks a hash map bucket by bucket, so from one read to the next a
 * key keeps its position, shifted by the keys inserted or deleted before it. The key the previous
 * read had at that position (plus the shift seen so far) is compared byte for byte first; only a
 * mismatch costs a copy of the key and a hash lookup. A wrong guess only costs time: a key is
 * taken from the previous read only when its bytes are equal.
 *
 * @param <T> what a key decodes to
 */
final class KeyCache<T> {
    private final Decoding<T> decoding;
    private final Map<RawKey, Entry<T>> byKey = new HashMap<>();
    private MapContents previous; // the last read, kept to compare positions with; null before the first
    private List<Entry<T>> previousByPosition = new ArrayList<>();
    private List<Entry<T>> byPosition = new ArrayList<>();
    private long read;

    /** A key's bytes → what it decodes to. */
    @FunctionalInterface
    interface Decoding<T> {
        /**
         * @return null when the key cannot be decoded
         * @throws SeriesDropped when the key's series is left out on purpose
         * @throws DecodeException when the key cannot be decoded
         */
        T decode(byte[] key) throws DecodeException;
    }

    /** Keys of one read that fed no series: those that could not be decoded, and those dropped on purpose. */
    record Skipped(long undecodable, long dropped) {
        /** The drain's result: {@code snapshot}, with these keys as the read's misses and drops. */
        SnapshotBuilder.Result with(MetricSnapshot snapshot) {
            return new SnapshotBuilder.Result(snapshot, undecodable, dropped);
        }
    }

    KeyCache(Decoding<T> decoding) {
        this.decoding = decoding;
    }

    /**
     * Gives {@code action} what each decodable key of {@code contents} decodes to, with the key's
     * index, in map order; then forgets the keys that were not in {@code contents}.
     *
     * @return how many keys fed nothing (a bad or dropped key counts on every read it is in)
     */
    Skipped read(MapContents contents, ObjIntConsumer<T> action) {
        read++;
        byPosition.clear();
        long undecodable = 0;
        long dropped = 0;
        int distinct = 0;
        int shift = 0;
        for (int i = 0; i < contents.count(); i++) {
            int guess = i + shift;
            Entry<T> entry = null;
            if (previous != null && guess >= 0 && guess < previous.count() && contents.sameKey(i, previous, guess)) {
                entry = previousByPosition.get(guess); // null when that key was retired since
            }
            if (entry == null) {
                RawKey key = new RawKey(contents.key(i));
                entry = byKey.get(key);
                if (entry == null) {
                    entry = decode(key.bytes());
                    byKey.put(key, entry);
                } else if (entry.read == read - 1) {
                    shift = entry.position - i; // the keys after it have probably moved as much
                }
            }
            if (entry.read != read) {
                entry.read = read;
                distinct++;
            }
            if (entry.unchangedSince == 0 || entry.value != contents.value(i)) {
                entry.value = contents.value(i);
                entry.unchangedSince = read;
            }
            entry.position = i;
            byPosition.add(entry);
            if (entry.dropped) {
                dropped++;
            } else if (entry.decoded == null) {
                undecodable++;
            } else {
                action.accept(entry.decoded, i);
            }
        }
        if (distinct < byKey.size()) {
            byKey.values().removeIf(entry -> entry.read != read);
        }
        previous = contents;
        List<Entry<T>> swap = previousByPosition;
        previousByPosition = byPosition;
        byPosition = swap;
        return new Skipped(undecodable, dropped);
    }

    private Entry<T> decode(byte[] key) {
        try {
            return new Entry<>(decoding.decode(key), false);
        } catch (SeriesDropped e) {
            return new Entry<>(null, true);
        } catch (DecodeException e) {
            return new Entry<>(null, false);
        }
    }

    /**
     * Deletes from the kernel map every key of the last read whose value that read found unchanged
     * for {@code idleReads} reads, and forgets it. {@code carry} gets what each deleted decodable
     * key decodes to and its value at the delete (the last read's value if the key was gone
     * already), for its series to keep counting it while other keys feed it.
     *
     * @return how many keys were deleted; those before a failed delete stay deleted
     */
    int retireIdle(long idleReads, KeyDeleter deleter, ObjLongConsumer<T> carry) throws BpfException {
        int retired = 0;
        for (Iterator<Map.Entry<RawKey, Entry<T>>> it = byKey.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RawKey, Entry<T>> mapped = it.next();
            Entry<T> entry = mapped.getValue();
            if (entry.read != read || read - entry.unchangedSince < idleReads) {
                continue;
            }
            long last = deleter.delete(mapped.getKey().bytes()).orElse(entry.value);
            it.remove();
            previousByPosition.set(entry.position, null); // a key inserted again is a new key
            if (entry.decoded != null) {
                carry.accept(entry.decoded, last);
            }
            retired++;
        }
        return retired;
    }

    /** How many keys are remembered: those of the last read. */
    int size() {
        return byKey.size();
    }

    /**
     * A remembered key: what it decodes to, where the last read that had it found it, and its value
     * there.
     */
    private static final class Entry<T> {
        final T decoded; // null: undecodable or dropped
        final boolean dropped;
        long read; // the last read that had the key; 0 for none yet
        int position;
        long value;
        long unchangedSince; // the first read that saw the key's current value; 0 for none yet

        Entry(T decoded, boolean dropped) {
            this.decoded = decoded;
            this.dropped = dropped;
        }
    }

    /** Key bytes as a hash map key: compared by content. */
    private record RawKey(byte[] bytes) {
        private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
        private static final int FNV_PRIME = 0x01000193;

        @Override
        public boolean equals(Object other) {
            return other instanceof RawKey raw && Arrays.equals(bytes, raw.bytes);
        }

        /**
         * FNV-1a, not {@link Arrays#hashCode(byte[])}: its multiplier 31 is smaller than a byte's
         * range, so keys differing in two adjacent bytes collide (the u32 ids 1 and 7,936 do), and
         * 100,000 consecutive u32 ids share 16,200 hash codes.
         */
        @Override
        public int hashCode() {
            int hash = FNV_OFFSET_BASIS;
            for (byte b : bytes) {
                hash = (hash ^ (b & 0xff)) * FNV_PRIME;
            }
            return hash;
        }

        @Override
        public String toString() {
            return Arrays.toString(bytes);
        }
    }
}
