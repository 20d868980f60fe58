package dev.ebpfexporter.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses one config YAML in ebpf_exporter's v2 format into an {@link ExporterConfig}, strictly:
 * unknown keys, wrong types and impossible values are errors naming {@code source:line:column}
 * and the field path. Keys of ebpf_exporter features this exporter does not implement (tracing beside
 * metrics, perf_event_array) are accepted so existing configs load unchanged, and
 * listed in {@link ExporterConfig#unsupported()}. Our extensions: {@code max_entries}, and
 * {@code skip_zeros} on counters.
 */
public final class ConfigParser {
    private static final List<String> TOP_LEVEL_KEYS = List.of("metrics", "tracing", "kaddrs", "cgroup_id_map");
    private static final List<String> METRICS_KEYS = List.of("counters", "histograms");
    private static final List<String> COUNTER_KEYS =
            List.of("name", "help", "labels", "max_entries", "skip_zeros", "perf_event_array", "flush_interval");
    private static final List<String> HISTOGRAM_KEYS = List.of(
            "name", "help", "labels", "max_entries",
            "bucket_type", "bucket_min", "bucket_max", "bucket_multiplier", "bucket_keys");
    private static final List<String> LABEL_KEYS = List.of("name", "size", "padding", "decoders");
    private static final List<String> DECODER_KEYS = List.of("name", "static_map", "regexps", "allow_unknown");
    private static final List<String> CGROUP_ID_MAP_KEYS = List.of("name", "type", "regexps");

    /** ebpf_exporter's tracing exports spans to an OpenTelemetry collector, which this exporter has no part of. */
    private static final String TRACING_IGNORED =
            "is ignored: this exporter does not export ebpf_exporter's spans; the config's metrics run without them";
    private static final String TRACING_ALONE = "is not supported (this exporter does not export ebpf_exporter's"
            + " spans), and this config declares no metrics, so nothing of it would run; leave it out of"
            + " --config.names, or declare metrics";

    /** Metric names are BPF map names (C identifiers); label names are Prometheus label names. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** Slot k of an exp2 histogram counts values up to 2^k; 2^63 is the largest power of two in a u64. */
    private static final int EXP2_MAX_SLOT = 63;
    /** exp2zero shifts every slot up by one to make room for zero. */
    private static final int EXP2ZERO_MAX_SLOT = EXP2_MAX_SLOT + 1;

    private static final String STATIC_MAP_DECODER = "static_map";

    private final SortedSet<String> knownDecoders;

    /** @param knownDecoders the decoder names labels may use (the decode package's registry) */
    public ConfigParser(Set<String> knownDecoders) {
        this.knownDecoders = Collections.unmodifiableSortedSet(new TreeSet<>(knownDecoders));
    }

    public ExporterConfig parse(ConfigSource source, String name) throws ConfigException {
        return parse(name, source.describe(name), source.readYaml(name));
    }

    /**
     * @param name the config name
     * @param source where {@code yaml} was read from, as error messages should name it
     */
    public ExporterConfig parse(String name, String source, String yaml) throws ConfigException {
        YamlMapping top = YamlValue.parseDocument(source, yaml).mapping().allowOnly(TOP_LEVEL_KEYS);
        List<String> unsupported = new ArrayList<>();
        Optional<YamlValue> tracing = top.optional("tracing");
        if (tracing.isPresent()) {
            if (top.optional("metrics").isEmpty()) {
                throw tracing.get().error(TRACING_ALONE);
            }
            unsupported.add(tracing.get().describe(TRACING_IGNORED));
        }
        YamlValue metricsValue = top.required("metrics");
        YamlMapping metrics = metricsValue.mapping().allowOnly(METRICS_KEYS);
        Map<String, YamlValue> names = new HashMap<>();
        List<CounterConfig> counters = new ArrayList<>();
        for (YamlValue item : optionalList(metrics, "counters")) {
            counters.add(counter(item.mapping().allowOnly(COUNTER_KEYS), names, unsupported));
        }
        List<HistogramConfig> histograms = new ArrayList<>();
        for (YamlValue item : optionalList(metrics, "histograms")) {
            histograms.add(histogram(item.mapping().allowOnly(HISTOGRAM_KEYS), names));
        }
        if (counters.isEmpty() && histograms.isEmpty()) {
            throw tracing.isPresent() ? tracing.get().error(TRACING_ALONE)
                    : metricsValue.error("declares no counters and no histograms");
        }
        Optional<CgroupIdMapConfig> cgroupIdMap = Optional.empty();
        Optional<YamlValue> cgroupIdMapValue = top.optional("cgroup_id_map");
        if (cgroupIdMapValue.isPresent()) {
            cgroupIdMap = Optional.of(cgroupIdMap(cgroupIdMapValue.get().mapping().allowOnly(CGROUP_ID_MAP_KEYS)));
        }
        List<String> kaddrs = new ArrayList<>();
        for (YamlValue item : optionalList(top, "kaddrs")) {
            // Each becomes the C global kaddr_<symbol>.
            kaddrs.add(identifier(item, "a kernel symbol name"));
        }
        return new ExporterConfig(name, source, counters, histograms, kaddrs, cgroupIdMap, unsupported);
    }

    private static CgroupIdMapConfig cgroupIdMap(YamlMapping cgroupIdMap) throws ConfigException {
        String name = identifier(cgroupIdMap.required("name"), "a BPF map name");
        String type = CgroupIdMapConfig.HASH;
        Optional<YamlValue> typeValue = cgroupIdMap.optional("type");
        if (typeValue.isPresent()) {
            type = typeValue.get().string();
            if (!type.equals(CgroupIdMapConfig.HASH) && !type.equals(CgroupIdMapConfig.CGRP_STORAGE)) {
                throw typeValue.get().error("(\"" + type + "\") must be hash (a hash or LRU hash map keyed by the"
                        + " u64 cgroup id) or cgrp_storage (a BPF_MAP_TYPE_CGRP_STORAGE map)");
            }
        }
        YamlValue regexpsValue = cgroupIdMap.required("regexps");
        List<String> regexps = new ArrayList<>();
        for (YamlValue item : regexpsValue.sequence()) {
            try {
                regexps.add(Pattern.compile(item.string()).pattern());
            } catch (PatternSyntaxException e) {
                throw item.error("is not a valid regular expression: " + e.getDescription());
            }
        }
        if (regexps.isEmpty()) {
            throw regexpsValue.error("must not be empty (a cgroup is put in the map when its path matches one)");
        }
        return new CgroupIdMapConfig(name, type, regexps);
    }

    private CounterConfig counter(YamlMapping counter, Map<String, YamlValue> names, List<String> unsupported)
            throws ConfigException {
        // A counter without labels is valid: its map has the single key u32 0 (ebpf_exporter's rule).
        MetricParts parts = metricParts(counter, names);
        Optional<YamlValue> perfEventArray = counter.optional("perf_event_array");
        if (perfEventArray.isPresent() && perfEventArray.get().bool()) {
            unsupported.add(perfEventArray.get().describe("is not supported: this counter's map cannot be read"));
        }
        counter.optional("flush_interval").ifPresent(
                value -> unsupported.add(value.describe("is not supported (it applies to perf_event_array)")));
        Optional<YamlValue> skipZeros = counter.optional("skip_zeros");
        return new CounterConfig(parts.name(), parts.help(), parts.labels(), parts.maxEntries(),
                skipZeros.isPresent() && skipZeros.get().bool());
    }

    private HistogramConfig histogram(YamlMapping histogram, Map<String, YamlValue> names) throws ConfigException {
        MetricParts parts = metricParts(histogram, names);
        if (parts.labels().isEmpty()) {
            throw histogram.required("labels").error("must not be empty (the last label is the bucket slot)");
        }
        BucketType type = bucketType(histogram.required("bucket_type"));
        double multiplier = 1;
        Optional<YamlValue> multiplierValue = histogram.optional("bucket_multiplier");
        if (multiplierValue.isPresent()) {
            multiplier = multiplierValue.get().number();
            if (multiplier <= 0) {
                throw multiplierValue.get().error("(" + multiplierValue.get().string() + ") must be > 0");
            }
        }

        Buckets buckets = type == BucketType.FIXED ? fixedBuckets(histogram) : slotRange(histogram, type);
        return new HistogramConfig(parts.name(), parts.help(), type, buckets.min(), buckets.max(), multiplier,
                buckets.keys(), parts.labels(), parts.maxEntries());
    }

    /** A histogram's bucket slots: a range of slots, or for fixed histograms a list of keys (min = max = 0). */
    private record Buckets(int min, int max, List<Double> keys) {}

    private static Buckets fixedBuckets(YamlMapping histogram) throws ConfigException {
        rejectPresent(histogram, "bucket_min", "applies only to exp2, exp2zero and linear histograms");
        rejectPresent(histogram, "bucket_max", "applies only to exp2, exp2zero and linear histograms");
        return new Buckets(0, 0, bucketKeys(histogram.required("bucket_keys")));
    }

    private static Buckets slotRange(YamlMapping histogram, BucketType type) throws ConfigException {
        rejectPresent(histogram, "bucket_keys", "applies only to fixed histograms");
        int min = nonNegative(histogram, "bucket_min");
        YamlValue maxValue = histogram.required("bucket_max");
        int max = maxValue.integer();
        if (max < min) {
            throw maxValue.error("(" + max + ") must be ≥ bucket_min (" + min + ")");
        }
        int maxSlot = type == BucketType.EXP2 ? EXP2_MAX_SLOT : EXP2ZERO_MAX_SLOT;
        if (type != BucketType.LINEAR && max > maxSlot) {
            throw maxValue.error("(" + max + ") must be ≤ " + maxSlot + " for " + type.yamlName()
                    + " histograms (2^63 is the largest power of two in a u64)");
        }
        return new Buckets(min, max, List.of());
    }

    /** What counters and histograms share. */
    private record MetricParts(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries) {}

    private MetricParts metricParts(YamlMapping metric, Map<String, YamlValue> names) throws ConfigException {
        YamlValue nameValue = metric.required("name");
        String name = identifier(nameValue, "a BPF map name");
        YamlValue firstUse = names.putIfAbsent(name, nameValue);
        if (firstUse != null) {
            throw nameValue.error("(\"" + name + "\") is already used by " + firstUse.path());
        }
        YamlValue helpValue = metric.required("help");
        String help = helpValue.string();
        if (help.isBlank()) {
            throw helpValue.error("must not be empty");
        }

        Map<String, YamlValue> labelNames = new HashMap<>();
        List<LabelConfig> labels = new ArrayList<>();
        for (YamlValue item : optionalList(metric, "labels")) {
            labels.add(label(item.mapping().allowOnly(LABEL_KEYS), labelNames));
        }

        OptionalInt maxEntries = OptionalInt.empty();
        Optional<YamlValue> maxEntriesValue = metric.optional("max_entries");
        if (maxEntriesValue.isPresent()) {
            maxEntries = OptionalInt.of(positive(maxEntriesValue.get()));
        }
        return new MetricParts(name, help, labels, maxEntries);
    }

    private LabelConfig label(YamlMapping label, Map<String, YamlValue> labelNames) throws ConfigException {
        YamlValue nameValue = label.required("name");
        String name = identifier(nameValue, "a Prometheus label name");
        if (name.startsWith("__")) {
            throw nameValue.error("(\"" + name + "\") must not start with __ (reserved by Prometheus)");
        }
        YamlValue firstUse = labelNames.putIfAbsent(name, nameValue);
        if (firstUse != null) {
            throw nameValue.error("(\"" + name + "\") is already used by " + firstUse.path());
        }
        int size = positive(label.required("size"));
        int padding = nonNegative(label, "padding");

        YamlValue decodersValue = label.required("decoders");
        List<YamlValue> decoderItems = decodersValue.sequence();
        if (decoderItems.isEmpty()) {
            throw decodersValue.error("must not be empty (the decoders turn the key bytes into the label value)");
        }
        List<DecoderConfig> decoders = new ArrayList<>();
        for (YamlValue item : decoderItems) {
            decoders.add(decoder(item.mapping().allowOnly(DECODER_KEYS)));
        }
        return new LabelConfig(name, size, padding, decoders);
    }

    private DecoderConfig decoder(YamlMapping decoder) throws ConfigException {
        YamlValue nameValue = decoder.required("name");
        String name = nameValue.string();
        if (!knownDecoders.contains(name)) {
            throw nameValue.error("(\"" + name + "\") is not a known decoder (known: "
                    + String.join(", ", knownDecoders) + ")");
        }

        Map<String, String> staticMap = Map.of();
        Optional<YamlValue> staticMapValue = name.equals(STATIC_MAP_DECODER)
                ? Optional.of(decoder.required("static_map"))
                : decoder.optional("static_map");
        if (staticMapValue.isPresent()) {
            staticMap = staticMap(staticMapValue.get());
        }

        List<String> regexps = new ArrayList<>();
        Optional<YamlValue> regexpsValue = decoder.optional("regexps");
        if (regexpsValue.isPresent()) {
            for (YamlValue item : regexpsValue.get().sequence()) {
                regexps.add(item.string());
            }
        }

        Optional<YamlValue> allowUnknown = decoder.optional("allow_unknown");
        return new DecoderConfig(name, staticMap, allowUnknown.isPresent() && allowUnknown.get().bool(), regexps);
    }

    /** Keys are written as YAML sees them ({@code 0:} is the key "0"), which is what {@code uint} produces. */
    private static Map<String, String> staticMap(YamlValue value) throws ConfigException {
        YamlMapping mapping = value.mapping();
        if (mapping.entries().isEmpty()) {
            throw value.error("must not be empty");
        }
        Map<String, String> staticMap = new LinkedHashMap<>();
        for (Map.Entry<String, YamlValue> entry : mapping.entries().entrySet()) {
            staticMap.put(entry.getKey(), entry.getValue().string());
        }
        return staticMap;
    }

    private static BucketType bucketType(YamlValue value) throws ConfigException {
        String text = value.string();
        for (BucketType type : BucketType.values()) {
            if (type.yamlName().equals(text)) {
                return type;
            }
        }
        throw value.error("(\"" + text + "\") must be one of exp2, exp2zero, linear, fixed");
    }

    private static List<Double> bucketKeys(YamlValue value) throws ConfigException {
        List<YamlValue> items = value.sequence();
        if (items.isEmpty()) {
            throw value.error("must not be empty");
        }
        List<Double> keys = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            double key = items.get(i).number();
            if (i > 0 && key <= keys.get(i - 1)) {
                throw items.get(i).error("(" + items.get(i).string() + ") must be > bucket_keys[" + (i - 1) + "] ("
                        + items.get(i - 1).string() + "): keys must be ascending");
            }
            keys.add(key);
        }
        return keys;
    }

    private static void rejectPresent(YamlMapping mapping, String key, String why) throws ConfigException {
        Optional<YamlValue> value = mapping.optional(key);
        if (value.isPresent()) {
            throw value.get().error(why);
        }
    }

    private static List<YamlValue> optionalList(YamlMapping mapping, String key) throws ConfigException {
        Optional<YamlValue> value = mapping.optional(key);
        return value.isPresent() ? value.get().sequence() : List.of();
    }

    private static String identifier(YamlValue value, String what) throws ConfigException {
        String text = value.string();
        if (!IDENTIFIER.matcher(text).matches()) {
            throw value.error(
                    "(\"" + text + "\") must be " + what + ": letters, digits and _, not starting with a digit");
        }
        return text;
    }

    /** An optional integer ≥ 0 that defaults to 0. */
    private static int nonNegative(YamlMapping mapping, String key) throws ConfigException {
        Optional<YamlValue> value = mapping.optional(key);
        if (value.isEmpty()) {
            return 0;
        }
        int number = value.get().integer();
        if (number < 0) {
            throw value.get().error("(" + number + ") must be ≥ 0");
        }
        return number;
    }

    private static int positive(YamlValue value) throws ConfigException {
        int number = value.integer();
        if (number <= 0) {
            throw value.error("(" + number + ") must be > 0");
        }
        return number;
    }
}
