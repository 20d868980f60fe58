package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.config.MetricConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a map key into its labels' slices (each label's {@code size} bytes, then {@code padding}
 * bytes skipped, in config order) and runs each slice through its decoder chain. Everything is
 * resolved at construction; a call does no lookups, regex or reflection, since it runs for every
 * map entry on every drain. Without labels the map has the single key u32 0, which decodes to
 * no label values (ebpf_exporter's rule).
 */
public final class LabelKeyDecoder implements KeyDecoder {
    private final Label[] labels;
    private final int keySize;

    /** One label, resolved: where its bytes are and the steps that turn them into its value. */
    private record Label(String name, int offset, int size, Step[] steps) {}

    private record Step(Decoder decoder, DecoderConfig config) {}

    /**
     * @throws IllegalArgumentException if a label names an unknown decoder or has none
     *     (the config parser rejects both, so this means a config built by hand)
     */
    public LabelKeyDecoder(List<LabelConfig> labels, Decoders decoders) {
        this.labels = new Label[labels.size()];
        int offset = 0;
        for (int i = 0; i < labels.size(); i++) {
            LabelConfig label = labels.get(i);
            Step[] steps = label.decoders().stream()
                    .map(config -> new Step(decoders.get(config.name()), config))
                    .toArray(Step[]::new);
            this.labels[i] = new Label(label.name(), offset, label.size(), steps);
            offset += label.size() + label.padding();
        }
        this.keySize = labels.isEmpty() ? MetricConfig.UNLABELLED_KEY_SIZE : offset;
    }

    @Override
    public List<String> decode(byte[] key) throws DecodeException {
        if (key.length != keySize) {
            throw new DecodeException("key has " + key.length + " bytes, but the labels cover " + keySize);
        }
        if (labels.length == 0) {
            return noLabels(key);
        }
        String[] values = new String[labels.length];
        for (int i = 0; i < labels.length; i++) {
            Label label = labels[i];
            byte[] bytes = Arrays.copyOfRange(key, label.offset(), label.offset() + label.size());
            for (Step step : label.steps()) {
                try {
                    bytes = step.decoder().decode(bytes, step.config());
                } catch (SeriesDropped e) {
                    throw e; // a verdict, not a failure to explain
                } catch (DecodeException e) {
                    throw new DecodeException("label " + label.name() + ", decoder " + step.config().name() + ": "
                            + e.getMessage());
                }
            }
            // Malformed UTF-8 becomes U+FFFD here: label values must be valid UTF-8.
            values[i] = new String(bytes, StandardCharsets.UTF_8);
        }
        return List.of(values);
    }

    @Override
    public Optional<List<List<String>>> labelValuesKnownAhead() {
        List<List<String>> values = new ArrayList<>(labels.length);
        for (Label label : labels) {
            Step last = label.steps()[label.steps().length - 1];
            Optional<List<String>> known = last.decoder().knownOutputs(last.config());
            if (known.isEmpty()) {
                return Optional.empty();
            }
            values.add(known.get());
        }
        return Optional.of(List.copyOf(values));
    }

    private static List<String> noLabels(byte[] key) throws DecodeException {
        for (byte b : key) {
            if (b != 0) {
                throw new DecodeException("a metric without labels has only the key 0, got " + HexFormat.of().formatHex(key));
            }
        }
        return List.of();
    }
}
