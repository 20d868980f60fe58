package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps only inputs that one of the config's {@code regexps} matches, as ebpf_exporter's
 * {@code regexp} decoder does: the patterns are tried in order, each searched for anywhere in the
 * input (anchor with {@code ^…$} to match all of it); the first that matches gives the label its
 * first capturing group when it has exactly one ({@code ^(systemd).*$} turns
 * {@code systemd-journal} into {@code systemd}; a group that took no part reads empty), else the
 * whole match. A pattern with two or more capturing groups never matches, as in ebpf_exporter
 * (use {@code (?:…)} for grouping). When no pattern matches, the key's series is dropped:
 * {@link SeriesDropped}, counted per metric in {@code ebpf_exporter_decode_dropped_keys_total},
 * never an error. Patterns are Java regular expressions (the config parser compiles them once to
 * refuse bad ones); for the patterns such configs use, the same as Go's RE2. Thread-safe.
 */
public final class RegexpDecoder implements Decoder {
    /** Compiled once per distinct list of patterns: as many as the configs have regexp steps. */
    private final Map<List<String>, List<Pattern>> compiled = new ConcurrentHashMap<>();

    @Override
    public byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        String text = new String(in, StandardCharsets.UTF_8);
        for (Pattern pattern : compiled.computeIfAbsent(config.regexps(), RegexpDecoder::compile)) {
            Matcher matcher = pattern.matcher(text);
            if (matcher.groupCount() <= 1 && find(matcher, text)) {
                String kept = matcher.groupCount() == 1 ? matcher.group(1) : matcher.group();
                return (kept == null ? "" : kept).getBytes(StandardCharsets.UTF_8);
            }
        }
        throw new SeriesDropped("\"" + text + "\" matches none of " + config.regexps());
    }

    /**
     * Java's engine repeats a group ({@code (a|b)*}, {@code (.|\n)*}) by recursion, one level per
     * repetition, so a long enough input (a kstack label, a hex dump) overflows the stack: that key
     * cannot be decoded, and the drain goes on with the others.
     */
    private static boolean find(Matcher matcher, String text) throws DecodeException {
        try {
            return matcher.find();
        } catch (StackOverflowError e) {
            throw new DecodeException("the pattern " + matcher.pattern() + " recursed too deep on a " + text.length()
                    + "-character input (Java repeats a group by recursion, once per repetition): match with a"
                    + " character class instead, [ab]* rather than (a|b)*, (?s).* rather than (.|\\n)*");
        }
    }

    @Override
    public boolean mayDropSeries() {
        return true;
    }

    private static List<Pattern> compile(List<String> regexps) {
        return regexps.stream().map(Pattern::compile).toList();
    }
}
