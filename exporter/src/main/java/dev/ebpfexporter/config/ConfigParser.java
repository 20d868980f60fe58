package dev.ebpfexporter.config;

import java.time.Duration;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses one config YAML in ebpf_exporter's v2 format into an {@link ExporterConfig}, strictly:
 * unknown keys, wrong types and impossible values are errors naming {@code source:line:column}
 * and the field path. Keys of ebpf_exporter features this exporter does not implement (tracing beside
 * metrics) are accepted so existing configs load unchanged, and listed in
 * {@link ExporterConfig#unsupported()}. Our extensions: {@code max_entries}, {@code skip_zeros} and
 * {@code value_multiplier} on counters, {@code gauges}, and {@code max_series} and {@code idle_timeout}
 * on counters and histograms.
 */
public final class ConfigParser {
    private static final List<String> TOP_LEVEL_KEYS = List.of("metrics", "tracing", "kaddrs", "cgroup_id_map");
    private static final List<String> METRICS_KEYS = List.of("counters", "gauges", "histograms");
    private static final List<String> COUNTER_KEYS =
            List.of("name", "help", "labels", "max_entries", "max_series", "idle_timeout", "skip_zeros",
                    "value_multiplier", "perf_event_array", "flush_interval", "values");
    private static final List<String> GAUGE_KEYS = List.of("name", "help", "labels", "max_entries", "values");
    private static final List<String> VALUE_KEYS = List.of("name", "help");
    private static final List<String> HISTOGRAM_KEYS = List.of(
            "name", "help", "labels", "max_entries", "max_series", "idle_timeout",
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

    /**
     * Slot k of an exp2 histogram counts values up to 2^k: a u64 reaches slot 64 and no further, so
     * bucket_max 64 is the one top slot nothing is clamped into (what native histograms need).
     */
    private static final int EXP2_MAX_SLOT = 64;
    /** exp2zero shifts every slot up by one to make room for zero. */
    private static final int EXP2ZERO_MAX_SLOT = EXP2_MAX_SLOT + 1;

    private static final String STATIC_MAP_DECODER = "static_map";
    private static final String REGEXP_DECODER = "regexp";

    /** Whole hours, minutes, seconds and milliseconds, largest first: the Go durations configs use. */
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+h)?(\\d+m(?!s))?(\\d+s)?(\\d+ms)?");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+)(ms|h|m|s)");

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
            counters.addAll(counters(item.mapping().allowOnly(COUNTER_KEYS), names));
        }
        List<GaugeConfig> gauges = new ArrayList<>();
        for (YamlValue item : optionalList(metrics, "gauges")) {
            YamlMapping gauge = item.mapping().allowOnly(GAUGE_KEYS);
            MetricParts parts = metricParts(gauge, names);
            for (Field field : fields(gauge, parts, names)) {
                gauges.add(new GaugeConfig(field.name(), field.help(), parts.labels(), parts.maxEntries(), field.field()));
            }
        }
        List<HistogramConfig> histograms = new ArrayList<>();
        for (YamlValue item : optionalList(metrics, "histograms")) {
            histograms.add(histogram(item.mapping().allowOnly(HISTOGRAM_KEYS), names));
        }
        if (counters.isEmpty() && gauges.isEmpty() && histograms.isEmpty()) {
            throw tracing.isPresent() ? tracing.get().error(TRACING_ALONE)
                    : metricsValue.error("declares no counters, gauges or histograms");
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
        return new ExporterConfig(name, source, counters, gauges, histograms, kaddrs, cgroupIdMap, unsupported);
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

    /** A counter, or one per field of its {@code values}. */
    private List<CounterConfig> counters(YamlMapping counter, Map<String, YamlValue> names)
            throws ConfigException {
        // A counter without labels is valid: its map has the single key u32 0 (ebpf_exporter's rule).
        MetricParts parts = metricParts(counter, names);
        Optional<YamlValue> perfEventArray = counter.optional("perf_event_array");
        boolean perfEvents = perfEventArray.isPresent() && perfEventArray.get().bool();
        Optional<Duration> flushInterval = Optional.empty();
        Optional<YamlValue> flushValue = counter.optional("flush_interval");
        if (flushValue.isPresent()) {
            if (!perfEvents) {
                throw flushValue.get().error("applies only to counters with perf_event_array: true");
            }
            flushInterval = Optional.of(duration(flushValue.get()));
        }
        if (perfEvents) {
            rejectPresent(counter, "values", "does not apply to perf_event_array counters (a sample is one event)");
            rejectPresent(counter, "idle_timeout", "does not apply to perf_event_array counters (their counts are"
                    + " not in a map to delete from; flush_interval starts them again)");
        }
        if (counter.optional("values").isPresent()) {
            rejectPresent(counter, "idle_timeout", "does not apply to a map with values: deleting a key would take"
                    + " every field's count at once, and only one metric of the map could carry it");
        }
        SeriesLimits limits = seriesLimits(counter);
        Optional<YamlValue> skipZeros = counter.optional("skip_zeros");
        double valueMultiplier = multiplier(counter, "value_multiplier");
        List<CounterConfig> counters = new ArrayList<>();
        for (Field field : fields(counter, parts, names)) {
            counters.add(new CounterConfig(field.name(), field.help(), parts.labels(), parts.maxEntries(),
                    skipZeros.isPresent() && skipZeros.get().bool(), perfEvents, flushInterval, field.field(),
                    valueMultiplier, limits));
        }
        return counters;
    }

    /** One metric of a map: its name, help and the u64 of the map's values it reads. */
    private record Field(String name, String help, ValueField field) {}

    /**
     * The metrics a counter or gauge entry declares: itself, reading its map's u64 values; or with
     * {@code values} (an extension), one per u64 field of the map's struct values, in order, each
     * with its own name and help.
     */
    private static List<Field> fields(YamlMapping metric, MetricParts parts, Map<String, YamlValue> names)
            throws ConfigException {
        Optional<YamlValue> valuesValue = metric.optional("values");
        if (valuesValue.isEmpty()) {
            return List.of(new Field(parts.name(), parts.help(), ValueField.whole(parts.name())));
        }
        List<YamlValue> items = valuesValue.get().sequence();
        if (items.isEmpty()) {
            throw valuesValue.get().error("must not be empty (one name and help per u64 field of the value)");
        }
        List<Field> fields = new ArrayList<>();
        for (YamlValue item : items) {
            YamlMapping value = item.mapping().allowOnly(VALUE_KEYS);
            YamlValue nameValue = value.required("name");
            String name = uniqueName(nameValue, names, "a Prometheus metric name");
            fields.add(new Field(name, help(value.required("help")),
                    new ValueField(parts.name(), fields.size(), items.size())));
        }
        return fields;
    }

    /** A Go duration as ebpf_exporter reads it: "90s", "1m30s", "1h", "500ms"; must be > 0. */
    private static Duration duration(YamlValue value) throws ConfigException {
        String text = value.string();
        Matcher whole = GO_DURATION.matcher(text);
        if (!whole.matches()) {
            throw value.error("(\"" + text + "\") must be a duration such as 30s, 5m, 1h or 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher part = GO_DURATION_PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMillis(amount);
            });
        }
        if (total.isZero()) {
            throw value.error("(\"" + text + "\") must be > 0");
        }
        return total;
    }

    private HistogramConfig histogram(YamlMapping histogram, Map<String, YamlValue> names) throws ConfigException {
        MetricParts parts = metricParts(histogram, names);
        if (parts.labels().isEmpty()) {
            throw histogram.required("labels").error("must not be empty (the last label is the bucket slot)");
        }
        BucketType type = bucketType(histogram.required("bucket_type"));
        double multiplier = multiplier(histogram, "bucket_multiplier");

        Buckets buckets = type == BucketType.FIXED ? fixedBuckets(histogram) : slotRange(histogram, type);
        return new HistogramConfig(parts.name(), parts.help(), type, buckets.min(), buckets.max(), multiplier,
                buckets.keys(), parts.labels(), parts.maxEntries(), seriesLimits(histogram));
    }

    /** The multiplier at {@code key}: a number > 0, 1 when absent. */
    private static double multiplier(YamlMapping metric, String key) throws ConfigException {
        Optional<YamlValue> value = metric.optional(key);
        if (value.isEmpty()) {
            return 1;
        }
        double multiplier = value.get().number();
        if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
            throw value.get().error("(" + value.get().string() + ") must be > 0");
        }
        return multiplier;
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
                    + " histograms (slot " + maxSlot + " already holds the largest u64 values)");
        }
        return new Buckets(min, max, List.of());
    }

    /** {@code max_series} and {@code idle_timeout}, both optional. */
    private static SeriesLimits seriesLimits(YamlMapping metric) throws ConfigException {
        Optional<YamlValue> maxSeries = metric.optional("max_series");
        Optional<YamlValue> idleTimeout = metric.optional("idle_timeout");
        return new SeriesLimits(
                maxSeries.isPresent() ? OptionalInt.of(positive(maxSeries.get())) : OptionalInt.empty(),
                idleTimeout.isPresent() ? Optional.of(duration(idleTimeout.get())) : Optional.empty());
    }

    /** What counters, gauges and histograms share. */
    private record MetricParts(String name, String help, List<LabelConfig> labels, OptionalInt maxEntries) {}

    private MetricParts metricParts(YamlMapping metric, Map<String, YamlValue> names) throws ConfigException {
        String name = uniqueName(metric.required("name"), names, "a BPF map name");
        // With values, each field has its help; a help for the map would be shown nowhere.
        String help = "";
        if (metric.optional("values").isPresent()) {
            rejectPresent(metric, "help", "goes on each of values when the map has values");
        } else {
            help = help(metric.required("help"));
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

    /** A name no other metric or map of the config uses. */
    private static String uniqueName(YamlValue nameValue, Map<String, YamlValue> names, String what)
            throws ConfigException {
        String name = identifier(nameValue, what);
        YamlValue firstUse = names.putIfAbsent(name, nameValue);
        if (firstUse != null) {
            throw nameValue.error("(\"" + name + "\") is already used by " + firstUse.path());
        }
        return name;
    }

    private static String help(YamlValue helpValue) throws ConfigException {
        String help = helpValue.string();
        if (help.isBlank()) {
            throw helpValue.error("must not be empty");
        }
        return help;
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
        Optional<YamlValue> regexpsValue = name.equals(REGEXP_DECODER)
                ? Optional.of(decoder.required("regexps"))
                : decoder.optional("regexps");
        if (regexpsValue.isPresent()) {
            for (YamlValue item : regexpsValue.get().sequence()) {
                regexps.add(regexp(item));
            }
            if (regexps.isEmpty() && name.equals(REGEXP_DECODER)) {
                throw regexpsValue.get().error("must not be empty (a key is kept when one of them matches)");
            }
        }

        Optional<YamlValue> allowUnknown = decoder.optional("allow_unknown");
        return new DecoderConfig(name, staticMap, allowUnknown.isPresent() && allowUnknown.get().bool(), regexps);
    }

    /** A Java regular expression, compiled here once so that a bad one is refused where it is written. */
    private static String regexp(YamlValue item) throws ConfigException {
        String regexp = item.string();
        try {
            Pattern.compile(regexp);
        } catch (PatternSyntaxException e) {
            throw item.error("(\"" + regexp + "\") is not a valid regular expression: " + e.getDescription()
                    + " at index " + e.getIndex());
        }
        return regexp;
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
