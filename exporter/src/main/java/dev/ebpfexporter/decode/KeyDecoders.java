package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.config.MetricConfig;
import java.util.List;
import java.util.Optional;

/** Where the rest of the exporter gets a metric's {@link KeyDecoder}. */
public final class KeyDecoders {
    private KeyDecoders() {}

    /** A decoder for keys laid out as {@code labels} describe, using the standard decoders. */
    public static KeyDecoder forLabels(List<LabelConfig> labels) {
        return new LabelKeyDecoder(labels, Decoders.standard());
    }

    /** Every decoder that {@code labels} name can work on the host ({@link Decoder#checkUsable}). */
    public static void checkUsable(List<LabelConfig> labels) throws DecodeException {
        for (LabelConfig label : labels) {
            for (DecoderConfig step : label.decoders()) {
                try {
                    Decoders.standard().get(step.name()).checkUsable();
                } catch (DecodeException e) {
                    throw new DecodeException("label " + label.name() + ", decoder " + step.name() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Whether a decoder that {@code labels} name may drop a key's series ({@link SeriesDropped}). */
    public static boolean mayDropSeries(List<LabelConfig> labels) {
        return labels.stream().flatMap(label -> label.decoders().stream())
                .anyMatch(step -> Decoders.standard().get(step.name()).mayDropSeries());
    }

    /**
     * The decoder for the keys of {@code metric}'s map, {@code keySize} bytes each: its labels'
     * layout when they cover the key; for a histogram in an array map whose labels cover more than
     * the u32 index, the index's label value and slot ({@link ArrayHistogramKeyDecoder}). Empty
     * when neither fits.
     */
    public static Optional<KeyDecoder> forMap(MetricConfig metric, int keySize, boolean arrayMap) {
        if (keySize == metric.keySize()) {
            return Optional.of(forLabels(metric.labels()));
        }
        if (arrayMap && keySize == Integer.BYTES && metric instanceof HistogramConfig histogram) {
            return ArrayHistogramKeyDecoder.forArray(histogram, forLabels(histogram.labels()));
        }
        return Optional.empty();
    }
}
