package dev.ebpfexporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ebpfexporter.decode.Decoders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes given as a config either parse or give a {@link ConfigException} naming the file; no
 * other exception, no hang ({@link Timeout} per input). Seeds: every shipped and test config (the
 * build copies them into this class's inputs), and the inputs fuzzing found, in
 * {@code ConfigParserFuzzTestInputs/parse}.
 */
class ConfigParserFuzzTest {
    private static final String SOURCE = "fuzzed.yaml";
    private static final ConfigParser PARSER = new ConfigParser(Decoders.standard().names());

    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parse(byte[] yaml) {
        try {
            PARSER.parse("fuzzed", SOURCE, new String(yaml, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith(SOURCE + ":");
        }
    }
}
