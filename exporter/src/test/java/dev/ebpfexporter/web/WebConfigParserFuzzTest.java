package dev.ebpfexporter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ebpfexporter.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes given as a web config either parse or give a {@link ConfigException} naming the file;
 * no other exception, no hang ({@link Timeout} per input). Parsing reads no file (certificates are
 * read later), so nothing here touches the disk. Seeds in {@code WebConfigParserFuzzTestInputs/parse}.
 */
class WebConfigParserFuzzTest {
    private static final Path FILE = Path.of("/etc/ebpf-exporter/web-config.yml");

    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parse(byte[] yaml) {
        try {
            WebConfigParser.parse(FILE, new String(yaml, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith(FILE + ":");
        }
    }
}
