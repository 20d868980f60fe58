package dev.ebpfexporter.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration written as Go's time.ParseDuration reads it ({@code 30s}, {@code 1m}, {@code 1h30m}, {@code 1.5s}). */
final class GoDuration {
    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:\\.[0-9]*)?(?:ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {}

    static Duration parse(String text) {
        if (!WHOLE.matcher(text).matches()) {
            throw new InvalidField("", "(\"" + text + "\") must be a duration such as 500ms, 30s, 1m or 1h30m");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
