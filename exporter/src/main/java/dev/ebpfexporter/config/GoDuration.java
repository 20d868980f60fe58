package dev.ebpfexporter.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration written as Go's time.ParseDuration reads it ({@code 30s}, {@code 1m}, {@code 1h30m}, {@code 1.5s}). */
final class GoDuration {
    /**
     * One number and its unit. The text is read part after part rather than matched whole by one
     * repeated group, which Java's regex engine matches by recursion, one level per part: a few
     * thousand parts overflowed the stack.
     */
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    /** Go's durations are int64 nanoseconds; its ParseDuration refuses longer ones, as this does. */
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {}

    static Duration parse(String text) {
        if (text.isEmpty()) {
            throw notADuration(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(text);
        for (int at = 0; at < text.length(); at = part.end()) {
            if (!part.region(at, text.length()).lookingAt()) {
                throw notADuration(text);
            }
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new InvalidField("", "(\"" + text + "\") is longer than the longest duration, 2562047h47m16.854775807s");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static InvalidField notADuration(String text) {
        return new InvalidField("", "(\"" + text + "\") must be a duration such as 500ms, 30s, 1m or 1h30m");
    }
}
