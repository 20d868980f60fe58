package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.LabelConfig;
import java.util.List;

/** Where the rest of the exporter gets a metric's {@link KeyDecoder}. */
public final class KeyDecoders {
    private KeyDecoders() {}

    /** A decoder for keys laid out as {@code labels} describe, using the standard decoders. */
    public static KeyDecoder forLabels(List<LabelConfig> labels) {
        return new LabelKeyDecoder(labels, Decoders.standard());
    }
}
