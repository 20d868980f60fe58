package dev.ebpfexporter.bpf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The perf event a program samples, as cloudflare/ebpf_exporter's configs name it in the SEC():
 * {@code perf_event/type=1,config=0,frequency=99} (the perf_event_attr type and config, and how
 * often the event runs the program). libbpf 1.1 knows only a bare SEC("perf_event") and opens no
 * event, so the exporter opens this one itself, on every online CPU.
 *
 * @param type perf_event_attr.type, a u32: 0 hardware, 1 software, 2 tracepoint, 3 hardware cache,
 *     4 raw, or a dynamic PMU's number from /sys/bus/event_source/devices/PMU/type
 * @param config perf_event_attr.config, a u64 read as unsigned: the event within its type
 */
record PerfEventSpec(long type, long config, Sampling sampling) {
    private static final String KIND = "perf_event";
    private static final String EXAMPLE = "perf_event/type=1,config=0,frequency=99";
    private static final long MAX_TYPE = 0xffff_ffffL;
    private static final Set<String> KEYS = Set.of("type", "config", "frequency", "period");

    /** How often the event runs the program. */
    sealed interface Sampling permits Frequency, Period {}

    /** So many times a second; the kernel adapts the event's period to reach it. */
    record Frequency(long perSecond) implements Sampling {
        Frequency {
            if (perSecond == 0) {
                throw new IllegalArgumentException("frequency=0 would never run the program; write how many"
                        + " samples a second you want, e.g. frequency=99");
            }
        }

        @Override
        public String toString() {
            return "frequency=" + Long.toUnsignedString(perSecond);
        }
    }

    /** Once every so many occurrences of the event (for cpu-clock: nanoseconds). */
    record Period(long events) implements Sampling {
        Period {
            if (events == 0) {
                throw new IllegalArgumentException("period=0 would never run the program; write after how many"
                        + " events the program runs, e.g. period=1000000, or use frequency=");
            }
        }

        @Override
        public String toString() {
            return "period=" + Long.toUnsignedString(events);
        }
    }

    PerfEventSpec {
        if (type < 0 || type > MAX_TYPE) {
            throw new IllegalArgumentException("type=" + Long.toUnsignedString(type) + " is not a perf event type"
                    + " (a u32: 0 hardware, 1 software, ... or a PMU's number from"
                    + " /sys/bus/event_source/devices/PMU/type)");
        }
        if (sampling == null) {
            throw new IllegalArgumentException("no frequency= or period=; add one, e.g. " + EXAMPLE);
        }
    }

    /** As the SEC() writes it, for messages: "type=1,config=0,frequency=99". */
    @Override
    public String toString() {
        return "type=" + type + ",config=" + Long.toUnsignedString(config) + "," + sampling;
    }

    /** Whether a SEC() name is a perf_event program's, with or without an event. */
    static boolean isPerfEvent(String section) {
        return SectionName.of(section).kind().equals(KIND);
    }

    /**
     * The event a {@code perf_event/key=value,...} SEC() name describes.
     *
     * @throws IllegalArgumentException naming the SEC(), what is wrong and what to write instead
     */
    static PerfEventSpec parse(String section) {
        try {
            return of(keyValues(SectionName.of(section)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SEC(\"" + section + "\"): " + e.getMessage(), e);
        }
    }

    private static Map<String, String> keyValues(SectionName section) {
        if (section.target().isEmpty()) {
            throw new IllegalArgumentException("names no event, and libbpf opens none for a bare perf_event"
                    + " program; write SEC(\"perf_event/type=…,config=…,frequency=…\") (or period=… instead of"
                    + " frequency=…), e.g. SEC(\"" + EXAMPLE + "\") for cpu-clock 99 times a second on every CPU");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String item : section.target().split(",", -1)) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? item : item.substring(0, eq);
            if (eq < 0 || !KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + item + "' is not one of type=, config=, frequency= or"
                        + " period=; write e.g. " + EXAMPLE);
            }
            if (values.put(key, item.substring(eq + 1)) != null) {
                throw new IllegalArgumentException(key + "= is given twice; give it once");
            }
        }
        return values;
    }

    private static PerfEventSpec of(Map<String, String> values) {
        if (values.containsKey("frequency") == values.containsKey("period")) {
            throw new IllegalArgumentException(values.containsKey("frequency")
                    ? "frequency= and period= are both given; keep one: frequency= samples so many times a"
                            + " second, period= once every so many events"
                    : "neither frequency= nor period= is given; add one, e.g. " + EXAMPLE);
        }
        Sampling sampling = values.containsKey("frequency")
                ? new Frequency(number(values, "frequency"))
                : new Period(number(values, "period"));
        return new PerfEventSpec(number(values, "type"), number(values, "config"), sampling);
    }

    /** A u64 in decimal or 0x hex, as the kernel's perf_event_attr fields are. */
    private static long number(Map<String, String> values, String key) {
        String text = values.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no " + key + "= is given; the event needs both type= and config=,"
                    + " e.g. " + EXAMPLE + " (type 1 = software, config 0 = cpu-clock)");
        }
        boolean hex = text.startsWith("0x") || text.startsWith("0X");
        try {
            return Long.parseUnsignedLong(hex ? text.substring(2) : text, hex ? 16 : 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + text + " is not a number; write a non-negative"
                    + " integer in decimal or 0x hex (" + key + "=16 or " + key + "=0x10)");
        }
    }
}
