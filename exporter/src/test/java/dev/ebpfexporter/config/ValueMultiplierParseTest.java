package dev.ebpfexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A counter's {@code value_multiplier} (our extension): > 0, 1 when absent. */
class ValueMultiplierParseTest {
    private static final String COUNTER = """
            metrics:
              counters:
                - name: busy_total
                  help: Busy time
            """;

    @Test
    void scalesTheCounterAndDefaultsToOne() throws Exception {
        assertThat(counter(COUNTER + "      value_multiplier: 0.000000001\n").valueMultiplier()).isEqualTo(1e-9);
        assertThat(counter(COUNTER).valueMultiplier()).isEqualTo(1);
    }

    @Test
    void mustBePositive() {
        assertThatThrownBy(() -> counter(COUNTER + "      value_multiplier: 0\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("t.yaml:5:7: metrics.counters[0].value_multiplier (0) must be > 0");
    }

    private static CounterConfig counter(String yaml) throws ConfigException {
        return ConfigParserTest.PARSER.parse("t", "t.yaml", yaml).counters().get(0);
    }
}
