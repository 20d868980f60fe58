package dev.ebpfexporter.load;

import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.HistogramBuckets;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.metrics.BucketLayout;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a histogram kept in an array map has the size its buckets imply. An array's index is the
 * slot, or label value × slots + slot ({@code observe_percpu_array_histogram}); when the program's
 * top slot is not the config's {@code bucket_max}, every index still decodes, just to the wrong
 * bucket: the program's sum lands in a bucket and a bucket is read as the sum. The array's size is
 * the one place where the program's slot count shows, so it is compared here, before load.
 */
final class ArrayHistogramSize {
    private ArrayHistogramSize() {}

    /**
     * What is wrong with an array of {@code maxEntries} holding {@code histogram}, or empty when it
     * fits.
     *
     * @param indexedBySlot the index is the slot alone (the histogram's only label is its bucket);
     *     otherwise it is label value × slots + slot
     */
    static Optional<String> mismatch(HistogramConfig histogram, int maxEntries, boolean indexedBySlot) {
        long slots = BucketLayout.of(histogram).sumSlot() + 1;
        String top = histogram.buckets() instanceof HistogramBuckets.SlotRange ? "bucket_max" : "the last of bucket_keys";
        String need = top + " makes " + slots + " slots (0 … " + (slots - 2) + ", then the sum in slot "
                + (slots - 1) + ")";
        String fix = "; make the program's top slot (the max_slot it gives the histogram helper) equal " + top
                + " and size the array to match, or change " + top + " to the program's top slot";
        if (indexedBySlot) {
            return maxEntries == slots ? Optional.empty()
                    : Optional.of("is an array of " + maxEntries + " entries indexed by slot, but " + need
                            + ", so buckets would be mislabelled" + fix + " (" + (maxEntries - 2) + " for "
                            + maxEntries + " entries)");
        }
        LabelConfig label = histogram.labels().get(0);
        OptionalLong values = enumeratedIndexes(label);
        if (values.isPresent() && maxEntries != values.getAsLong() * slots) {
            return Optional.of("is an array of " + maxEntries + " entries, but label " + label.name() + " has "
                    + values.getAsLong() + " values (static_map keys up to " + (values.getAsLong() - 1) + ") and "
                    + need + ": " + values.getAsLong() + " × " + slots + " = " + values.getAsLong() * slots
                    + " entries, so buckets would be mislabelled" + fix
                    + " (or list every value the program writes in the static_map)");
        }
        if (maxEntries % slots != 0) {
            return Optional.of("is an array of " + maxEntries + " entries, which is not label values × " + slots
                    + " (" + need + "), so buckets would be mislabelled" + fix);
        }
        return Optional.empty();
    }

    /**
     * How many array indexes a label names when it is a number mapped by a {@code static_map} whose
     * keys are all numbers: its largest key + 1. Empty for any other label.
     */
    private static OptionalLong enumeratedIndexes(LabelConfig label) {
        List<DecoderConfig> steps = label.decoders();
        if (steps.size() != 2 || !steps.get(0).name().equals("uint") || !steps.get(1).name().equals("static_map")
                || steps.get(1).allowUnknown() || steps.get(1).staticMap().isEmpty()) {
            return OptionalLong.empty();
        }
        long largest = -1;
        for (String key : steps.get(1).staticMap().keySet()) {
            try {
                largest = Math.max(largest, Long.parseUnsignedLong(key));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return largest < 0 || largest >= Integer.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(largest + 1);
    }
}
