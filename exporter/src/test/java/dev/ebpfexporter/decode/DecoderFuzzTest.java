package dev.ebpfexporter.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.InvalidField;
import dev.ebpfexporter.config.LabelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Every decoder of {@link Decoders#standard()}, in random chains with random parameters
 * ({@code static_map}, {@code allow_unknown}, {@code regexps}), over random key bytes, as the drain
 * runs them: through a {@link LabelKeyDecoder}. A key either decodes to one value per label or
 * gives a {@link DecodeException} ({@link SeriesDropped} only from a chain with a decoder that
 * {@link Decoder#mayDropSeries may drop}); no other exception, no hang ({@link Timeout} per input);
 * the key is left as it was, and decoding it again gives the same answer (the drain keeps the
 * first). Seeds in {@code DecoderFuzzTestInputs/decodeKey}.
 */
class DecoderFuzzTest {
    private static final Decoders DECODERS = Decoders.standard();
    private static final String[] NAMES = DECODERS.names().toArray(String[]::new);
    /** A BPF hash map's key is at most 512 bytes (MAX_BPF_STACK); an array's is 4. */
    private static final int MAX_KEY_SIZE = 512;
    private static final int MAX_LABELS = 3;
    private static final int MAX_STEPS = 3;
    private static final int MAX_PARAMETERS = 4;
    private static final int MAX_TEXT = 24;

    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void decodeKey(FuzzedDataProvider data) {
        List<LabelConfig> labels;
        try {
            labels = labels(data);
        } catch (InvalidField refused) {
            return; // the config parser refuses it: no decoder ever sees such a config
        }
        int keySize = labels.stream().mapToInt(label -> label.size() + label.padding()).sum();
        byte[] key = data.consumeBoolean() ? Arrays.copyOf(data.consumeBytes(keySize), keySize)
                : data.consumeRemainingAsBytes();
        byte[] original = key.clone();
        LabelKeyDecoder decoder = new LabelKeyDecoder(labels, DECODERS);

        Outcome first = Outcome.of(decoder, key);

        assertThat(key).isEqualTo(original);
        assertThat(Outcome.of(decoder, key)).isEqualTo(first);
        if (first.error() == null) {
            assertThat(first.values()).hasSize(labels.size()).doesNotContainNull();
        } else if (first.error() == SeriesDropped.class) {
            assertThat(labels).anySatisfy(label -> assertThat(label.decoders())
                    .anyMatch(step -> DECODERS.get(step.name()).mayDropSeries()));
        }
    }

    /** The label values, or the decode error's class and message. */
    private record Outcome(List<String> values, Class<?> error, String message) {
        static Outcome of(LabelKeyDecoder decoder, byte[] key) {
            try {
                return new Outcome(decoder.decode(key), null, null);
            } catch (DecodeException e) {
                return new Outcome(null, e.getClass(), e.getMessage());
            }
        }
    }

    private static List<LabelConfig> labels(FuzzedDataProvider data) {
        List<LabelConfig> labels = new ArrayList<>();
        int budget = MAX_KEY_SIZE;
        for (int i = data.consumeInt(1, MAX_LABELS); i > 0 && budget > 0; i--) {
            int size = data.consumeInt(1, budget);
            int padding = data.consumeInt(0, budget - size);
            budget -= size + padding;
            List<DecoderConfig> steps = new ArrayList<>();
            for (int s = data.consumeInt(1, MAX_STEPS); s > 0; s--) {
                steps.add(step(data));
            }
            labels.add(new LabelConfig("label" + labels.size(), size, padding, steps));
        }
        return labels;
    }

    private static DecoderConfig step(FuzzedDataProvider data) {
        String name = data.pickValue(NAMES);
        Map<String, String> staticMap = new LinkedHashMap<>();
        List<String> regexps = new ArrayList<>();
        for (int i = data.consumeInt(0, MAX_PARAMETERS); i > 0; i--) {
            staticMap.put(data.consumeString(MAX_TEXT), data.consumeString(MAX_TEXT));
        }
        for (int i = data.consumeInt(0, MAX_PARAMETERS); i > 0; i--) {
            regexps.add(data.consumeString(MAX_TEXT));
        }
        return new DecoderConfig(name, staticMap, data.consumeBoolean(), regexps);
    }
}
