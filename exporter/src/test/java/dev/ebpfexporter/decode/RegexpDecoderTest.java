package dev.ebpfexporter.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.config.DecoderConfig;
import dev.ebpfexporter.config.LabelConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Input text and patterns (separated by ' & ') → the label, or DROP (ebpf_exporter's own cases first). */
class RegexpDecoderTest {
    private static final String DROP = "DROP";

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
        "systemd-journal; ^systemd-journal$ & ^syslog-ng$; systemd-journal",
        "syslog-ng; ^systemd-journal$ & ^syslog-ng$; syslog-ng",
        "systemd-bananad; ^systemd-journal$ & ^syslog-ng$; DROP",
        "systemd-bananad; ^(systemd).*$ & ^syslog-ng$; systemd", // one group: the group
        "kworker/0:1; kworker; kworker", // unanchored: the match, found anywhere
        "my-kworker/0:1; kworker/\\d+; kworker/0",
        "bash; (a)|(b); DROP", // two groups: never matches, as theirs
        "bash; (?:ba)(sh); sh", // a non-capturing group does not count
        "bash; ^x & (b)a & bash; b", // the first pattern that matches wins
        "bash; (a)|(b) & sh; sh", // two groups: skipped for the next
        "bash; (x)?bash; ''", // a group that took no part reads empty
        "'';  ^$; ''",
        "nginx; ^ng; ng",
    })
    void keepsTheFirstMatch(String in, String regexps, String expected) throws DecodeException {
        DecoderConfig config = regexps(regexps.split(" & "));
        if (expected.equals(DROP)) {
            assertThatThrownBy(() -> decode(in, config)).isInstanceOf(SeriesDropped.class)
                    .hasMessageStartingWith("\"" + in + "\" matches none of ");
        } else {
            assertThat(decode(in, config)).isEqualTo(expected);
        }
    }

    @Test
    void aPatternThatOverflowsTheStackFailsOnlyThatKey() {
        String stack = "ab".repeat(500_000);

        assertThatThrownBy(() -> decode(stack, regexps("(a|b)*x")))
                .isExactlyInstanceOf(DecodeException.class)
                .hasMessageStartingWith("the pattern (a|b)*x recursed too deep on a 1000000-character input");
    }

    @Test
    void aDropPassesThroughTheLabelChainUnwrapped() {
        LabelConfig comm = new LabelConfig("comm", 8, 0,
                List.of(new DecoderConfig("string", Map.of(), false, List.of()), regexps("^bash$")));
        KeyDecoder keys = new LabelKeyDecoder(List.of(comm), Decoders.standard());
        assertThatThrownBy(() -> keys.decode("cron\0\0\0\0".getBytes(StandardCharsets.US_ASCII)))
                .isExactlyInstanceOf(SeriesDropped.class);
    }

    @Test
    void onlyRegexpMayDropSeries() {
        assertThat(Decoders.standard().names()).allSatisfy(name ->
                assertThat(Decoders.standard().get(name).mayDropSeries()).as(name).isEqualTo(name.equals("regexp")));
    }

    private static String decode(String in, DecoderConfig config) throws DecodeException {
        byte[] out = new RegexpDecoder().decode(in.getBytes(StandardCharsets.UTF_8), config);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static DecoderConfig regexps(String... patterns) {
        return new DecoderConfig("regexp", Map.of(), false, List.of(patterns));
    }
}
