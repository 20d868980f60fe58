package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The kernel tests' exposition parser, against lines written by hand. */
class SeriesTest {
    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("up 1", "up", Map.of(), 1.0),
                Arguments.of("a_total{kind=\"user\",comm=\"x y\"} 200000", "a_total",
                        Map.of("kind", "user", "comm", "x y"), 200000.0),
                Arguments.of("m{v=\"a\\\\b\\\"c\\nd\"} 2", "m", Map.of("v", "a\\b\"c\nd"), 2.0),
                Arguments.of("m{a=\"}{, =\"} 3", "m", Map.of("a", "}{, ="), 3.0),
                Arguments.of("m{a=\"1\",} 4", "m", Map.of("a", "1"), 4.0),
                Arguments.of("m{ a=\"1\" , b=\"\" } 5", "m", Map.of("a", "1", "b", ""), 5.0),
                Arguments.of("m{le=\"+Inf\"} 6", "m", Map.of("le", "+Inf"), 6.0),
                Arguments.of("m 7 1700000000000", "m", Map.of(), 7.0),
                Arguments.of("m{} 8", "m", Map.of(), 8.0),
                Arguments.of("m 1.8446744073709552E19", "m", Map.of(), 18446744073709551616.0),
                Arguments.of("m +Inf", "m", Map.of(), Double.POSITIVE_INFINITY),
                Arguments.of("m -Inf", "m", Map.of(), Double.NEGATIVE_INFINITY),
                Arguments.of("m NaN", "m", Map.of(), Double.NaN));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void parsesOneSampleLine(String line, String name, Map<String, String> labels, double value) {
        Series series = Series.parse(line);
        assertThat(series.name()).isEqualTo(name);
        assertThat(series.labels()).isEqualTo(labels);
        assertThat(Double.valueOf(series.value())).isEqualTo(Double.valueOf(value)); // boxed: NaN equals NaN
    }

    @Test
    void keepsLabelOrder() {
        assertThat(Series.parse("m{z=\"1\",a=\"2\"} 1").labels().keySet()).containsExactly("z", "a");
    }

    @Test
    void rejectsLinesThatAreNotSamples() {
        assertThatThrownBy(() -> Series.parse("m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Series.parse("m{a=1} 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Series.parse("m 1 2 3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseAllSkipsCommentsAndBlankLinesAndLookupsMatchLabelSubsets() {
        List<Series> all = Series.parseAll("""
                # HELP f_total Faults
                # TYPE f_total counter
                f_total{kind="user",comm="a"} 3
                f_total{kind="kernel",comm="a"} 4

                f_total{kind="user",comm="b"} 10
                g 100
                """);
        assertThat(all).hasSize(4);
        assertThat(Series.sum(all, "f_total", Map.of("comm", "a"))).isEqualTo(7);
        assertThat(Series.sum(all, "f_total", Map.of("kind", "user"))).isEqualTo(13);
        assertThat(Series.sum(all, "f_total", Map.of())).isEqualTo(17);
        assertThat(Series.sum(all, "f_total", Map.of("comm", "c"))).isZero();
        assertThat(Series.sum(all, "g", Map.of())).isEqualTo(100);
        assertThat(Series.values(all, "f_total", Map.of("kind", "user"))).containsExactly(3.0, 10.0);
        assertThat(Series.values(all, "f_total", Map.of("comm", "c"))).isEmpty();
    }
}
