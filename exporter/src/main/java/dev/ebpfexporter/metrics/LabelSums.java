package dev.ebpfexporter.metrics;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.decode.DecodeException;
import dev.ebpfexporter.decode.KeyDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A map's u64 values summed per decoded label set. Several keys can decode to the same label values
 * (a decoder that drops bytes, a static map with shared names): their values add up. Keys that fail
 * decoding are skipped and counted; a decoder answer with the wrong number of values counts as a
 * failed key too, since it cannot be labelled.
 */
final class LabelSums {
    private final Map<List<String>, Long> sums;
    private final long decodeMisses;

    private LabelSums(Map<List<String>, Long> sums, long decodeMisses) {
        this.sums = sums;
        this.decodeMisses = decodeMisses;
    }

    static LabelSums of(MapContents contents, KeyDecoder decoder, int labelCount) {
        Map<List<String>, Long> sums = new HashMap<>();
        long misses = 0;
        for (int i = 0; i < contents.count(); i++) {
            List<String> labels;
            try {
                labels = decoder.decode(contents.key(i));
            } catch (DecodeException e) {
                misses++;
                continue;
            }
            if (labels.size() != labelCount) {
                misses++;
                continue;
            }
            // u64 addition: wraps at 2^64 exactly like the kernel's own counters.
            sums.merge(List.copyOf(labels), contents.value(i), Long::sum);
        }
        return new LabelSums(sums, misses);
    }

    /** Label values → summed u64 value; a fresh map the caller may change. */
    Map<List<String>, Long> sums() {
        return sums;
    }

    long decodeMisses() {
        return decodeMisses;
    }
}
