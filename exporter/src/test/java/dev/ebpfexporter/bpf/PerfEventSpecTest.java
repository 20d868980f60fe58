package dev.ebpfexporter.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.bpf.PerfEventSpec.Frequency;
import dev.ebpfexporter.bpf.PerfEventSpec.Period;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** cloudflare/ebpf_exporter's perf_event SEC() names: what each means, and each mistake's message. */
class PerfEventSpecTest {
    private static final String EXAMPLE = "perf_event/type=1,config=0,frequency=99";

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(EXAMPLE, new PerfEventSpec(1, 0, new Frequency(99))),
                Arguments.of("perf_event/type=0,config=0,period=1000000",
                        new PerfEventSpec(0, 0, new Period(1_000_000))),
                Arguments.of("perf_event/frequency=49,config=0x3,type=0x1", new PerfEventSpec(1, 3, new Frequency(49))),
                Arguments.of("perf_event/type=4,config=0XC0,period=0x10", new PerfEventSpec(4, 0xc0, new Period(16))),
                Arguments.of("perf_event/type=4294967295,config=18446744073709551615,frequency=1",
                        new PerfEventSpec(0xffff_ffffL, -1, new Frequency(1))),
                Arguments.of("perf_event/type=8,config=0xffffffffffffffff,period=1",
                        new PerfEventSpec(8, -1, new Period(1))));
    }

    @ParameterizedTest
    @MethodSource
    void valid(String section, PerfEventSpec expected) {
        assertThat(PerfEventSpec.isPerfEvent(section)).isTrue();
        assertThat(PerfEventSpec.parse(section)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("perf_event", "names no event, and libbpf opens none for a bare perf_event program;"
                        + " write SEC(\"perf_event/type=…,config=…,frequency=…\") (or period=… instead of"
                        + " frequency=…), e.g. SEC(\"" + EXAMPLE + "\") for cpu-clock 99 times a second on every"
                        + " CPU"),
                Arguments.of("perf_event/type=1,confg=0,frequency=99",
                        "'confg=0' is not one of type=, config=, frequency= or period=; write e.g. " + EXAMPLE),
                Arguments.of("perf_event/type=1,config=0,frequency=99,", "'' is not one of type=, config=,"
                        + " frequency= or period=; write e.g. " + EXAMPLE),
                Arguments.of("perf_event/type,config=0,frequency=99",
                        "'type' is not one of type=, config=, frequency= or period=; write e.g. " + EXAMPLE),
                Arguments.of("perf_event/type=1,type=2,config=0,frequency=99", "type= is given twice; give it once"),
                Arguments.of("perf_event/config=0,frequency=99", "no type= is given; the event needs both type= and"
                        + " config=, e.g. " + EXAMPLE + " (type 1 = software, config 0 = cpu-clock)"),
                Arguments.of("perf_event/type=1,frequency=99", "no config= is given; the event needs both type= and"
                        + " config=, e.g. " + EXAMPLE + " (type 1 = software, config 0 = cpu-clock)"),
                Arguments.of("perf_event/type=1,config=0", "neither frequency= nor period= is given; add one, e.g. "
                        + EXAMPLE),
                Arguments.of("perf_event/type=1,config=0,frequency=99,period=1000", "frequency= and period= are both"
                        + " given; keep one: frequency= samples so many times a second, period= once every so many"
                        + " events"),
                Arguments.of("perf_event/type=1,config=0,frequency=0", "frequency=0 would never run the program;"
                        + " write how many samples a second you want, e.g. frequency=99"),
                Arguments.of("perf_event/type=1,config=0,period=0x0", "period=0 would never run the program; write"
                        + " after how many events the program runs, e.g. period=1000000, or use frequency="),
                Arguments.of("perf_event/type=-1,config=0,frequency=99", "type=-1 is not a number; write a"
                        + " non-negative integer in decimal or 0x hex (type=16 or type=0x10)"),
                Arguments.of("perf_event/type=1,config=cycles,frequency=99", "config=cycles is not a number; write"
                        + " a non-negative integer in decimal or 0x hex (config=16 or config=0x10)"),
                Arguments.of("perf_event/type=1,config=0,frequency=", "frequency= is not a number; write a"
                        + " non-negative integer in decimal or 0x hex (frequency=16 or frequency=0x10)"),
                Arguments.of("perf_event/type=1,config=0x,frequency=99", "config=0x is not a number; write a"
                        + " non-negative integer in decimal or 0x hex (config=16 or config=0x10)"),
                Arguments.of("perf_event/type=4294967296,config=0,frequency=99", "type=4294967296 is not a perf"
                        + " event type (a u32: 0 hardware, 1 software, ... or a PMU's number from"
                        + " /sys/bus/event_source/devices/PMU/type)"),
                Arguments.of("perf_event/type=1,config=18446744073709551616,frequency=99", "config=18446744073709551616"
                        + " is not a number; write a non-negative integer in decimal or 0x hex (config=16 or"
                        + " config=0x10)"));
    }

    @ParameterizedTest
    @MethodSource
    void invalid(String section, String problem) {
        assertThatThrownBy(() -> PerfEventSpec.parse(section)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SEC(\"" + section + "\"): " + problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"perf_events/type=1", "tp_btf/perf_event", "raw_tp/perf_event/x", "xperf_event"})
    void otherSectionsAreNotPerfEvents(String section) {
        assertThat(PerfEventSpec.isPerfEvent(section)).isFalse();
    }

    @Test
    void printsAsTheSectionWritesIt() {
        assertThat(PerfEventSpec.parse(EXAMPLE)).hasToString("type=1,config=0,frequency=99");
        assertThat(PerfEventSpec.parse("perf_event/period=0x10,config=0xffffffffffffffff,type=0x4"))
                .hasToString("type=4,config=18446744073709551615,period=16");
    }
}
