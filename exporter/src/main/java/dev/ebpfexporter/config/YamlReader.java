package dev.ebpfexporter.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.StdConverter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a record with Jackson, strictly: unknown and duplicate keys, empty
 * values, wrong types and values a record refuses ({@link InvalidField}) are all errors of the form
 * {@code source:line:column: field.path what is wrong}. This is the one place that turns Jackson's
 * and SnakeYAML's exceptions into that form. The document is read once by {@link YamlIndex}, which
 * resolves anchors and aliases and bounds nesting and alias expansion; records are bound from its tokens.
 */
public final class YamlReader {
    private static final ObjectMapper MAPPER = mapper();

    private final Map<String, String> refusedByName;
    private final Set<String> emptyAllowedUnder;

    /**
     * @param refusedByName keys refused with a message of their own (what to do instead) rather than
     *     "is not a known field"
     * @param emptyAllowedUnder paths whose entries may be written empty ({@code key:}), read as absent
     */
    public YamlReader(Map<String, String> refusedByName, Set<String> emptyAllowedUnder) {
        this.refusedByName = Map.copyOf(refusedByName);
        this.emptyAllowedUnder = Set.copyOf(emptyAllowedUnder);
    }

    /** The document bound to {@code type}; empty when the text has no document (empty, or only comments). */
    public <T> Optional<YamlDocument<T>> read(String source, String yaml, Class<T> type, InjectableValues injected)
            throws ConfigException {
        Optional<YamlIndex> index = index(source, yaml);
        if (index.isEmpty()) {
            return Optional.empty();
        }
        try (JsonParser parser = index.get().tokens(MAPPER)) {
            T value = MAPPER.readerFor(type).with(injected).readValue(parser);
            return Optional.of(new YamlDocument<>(value, index.get()));
        } catch (JsonMappingException e) {
            throw translate(index.get(), e);
        } catch (NumberFormatException e) {
            // Jackson reads a float where a mapping belongs as a BigDecimal, and lets that one's failure out
            // unwrapped, without a place: a document "1E0000100000000001" (found by ConfigParserFuzzTest).
            throw new ConfigException(source + ": invalid number: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot be read: " + e.getMessage(), e);
        }
    }

    public <T> Optional<YamlDocument<T>> read(String source, String yaml, Class<T> type) throws ConfigException {
        return read(source, yaml, type, new InjectableValues.Std());
    }

    private Optional<YamlIndex> index(String source, String yaml) throws ConfigException {
        JsonParser parser;
        try {
            parser = MAPPER.getFactory().createParser(yaml);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot be read: " + e.getMessage(), e);
        }
        try (parser) {
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // the index names the duplicate's path
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL && parser.nextToken() == null) {
                return Optional.empty();
            }
            YamlIndex index = YamlIndex.of(source, parser, emptyAllowedUnder);
            if (parser.nextToken() != null) {
                throw new ConfigException(YamlIndex.at(source, parser.currentTokenLocation())
                        + "invalid YAML: expected a single document in the stream, but found another document");
            }
            return Optional.of(index);
        } catch (StreamConstraintsException e) {
            // The parser's own bound, before any deep document is read into memory.
            throw new ConfigException(YamlIndex.at(source, parser.currentLocation()) + "the document nests deeper than "
                    + YamlIndex.MAX_DEPTH + " levels", e);
        } catch (StreamReadException e) {
            throw invalidYaml(source, e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static ConfigException invalidYaml(String source, StreamReadException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                String problem = (marked.getContext() == null ? "" : marked.getContext() + ", ") + marked.getProblem();
                return new ConfigException(source + ":" + (marked.getProblemMark().getLine() + 1) + ":"
                        + (marked.getProblemMark().getColumn() + 1) + ": invalid YAML: "
                        + problem.replaceAll("\\s+", " ").trim(), e);
            }
        }
        String at = e.getLocation() == null ? source + ": " : YamlIndex.at(source, e.getLocation());
        return new ConfigException(at + "invalid YAML: " + e.getOriginalMessage().replaceAll("\\s+", " ").trim(), e);
    }

    private ConfigException translate(YamlIndex index, JsonMappingException e) {
        String path = path(e.getPath());
        Optional<ConfigException> unknown = unknownKey(index, path, e);
        if (unknown.isPresent()) {
            return unknown.get();
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidField invalid) {
                return index.error(InvalidField.join(path, invalid.path()), invalid.problem());
            }
        }
        ConfigException translated = describe(index, path, e);
        translated.initCause(e);
        return translated;
    }

    /**
     * Jackson reports a record's unknown keys only once the record is built, so a missing or invalid
     * field would hide a misspelt key; the misspelling is the error to report.
     */
    private Optional<ConfigException> unknownKey(YamlIndex index, String path, JsonMappingException e) {
        String recordPath = path;
        Class<?> type = null;
        if (e instanceof ValueInstantiationException instantiation) {
            type = instantiation.getType().getRawClass();
        } else if (!e.getPath().isEmpty()) {
            Object from = e.getPath().get(e.getPath().size() - 1).getFrom();
            type = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
            recordPath = InvalidField.parent(path);
        }
        if (type == null || !type.isRecord() || e instanceof UnrecognizedPropertyException) {
            return Optional.empty();
        }
        List<String> known = knownFields(type);
        for (String key : index.keys(recordPath)) {
            if (!known.contains(key)) {
                return Optional.of(unknownKey(index, InvalidField.join(recordPath, key), key, known));
            }
        }
        return Optional.empty();
    }

    private ConfigException unknownKey(YamlIndex index, String path, String key, List<String> known) {
        String instead = refusedByName.get(key);
        return index.error(path, instead != null ? instead : "is not a known field (known: " + String.join(", ", known) + ")");
    }

    private ConfigException describe(YamlIndex index, String path, JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownKey(index, path, unknown.getPropertyName(), knownFields(unknown.getReferringClass()));
        }
        if (e.getOriginalMessage().startsWith("Missing required creator property")) {
            return index.error(path, "is required");
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return index.error(path, "(\"" + index.text(path) + "\") must be one of "
                    + String.join(", ", yamlNames(format.getTargetType())));
        }
        if (e.getCause() instanceof InputCoercionException) {
            return index.error(path, "(" + index.text(path) + ") is out of range");
        }
        if (e.getCause() instanceof NumberFormatException || e.getCause() instanceof StreamReadException) {
            return index.error(path, "must be a finite number, not " + index.text(path));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return index.error(path, "must be " + expected(mismatch.getTargetType()) + ", not " + index.found(path));
        }
        return index.error(path, e.getOriginalMessage());
    }

    private static String path(List<JsonMappingException.Reference> references) {
        String path = "";
        for (JsonMappingException.Reference reference : references) {
            path = InvalidField.join(path, reference.getFieldName() != null
                    ? reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path;
    }

    /** The fields a record reads (its creator's parameters), in the order it declares them. */
    private static List<String> knownFields(Class<?> type) {
        JavaType javaType = MAPPER.constructType(type);
        return MAPPER.getDeserializationConfig().introspect(javaType).findProperties().stream()
                .filter(BeanPropertyDefinition::hasConstructorParameter).map(BeanPropertyDefinition::getName).toList();
    }

    private static List<String> yamlNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(value -> MAPPER.convertValue(value, String.class)).toList();
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == OptionalInt.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping";
    }

    private static ObjectMapper mapper() {
        LoaderOptions loaderOptions = new LoaderOptions();
        YAMLFactory yaml = YAMLFactory.builder()
                .loaderOptions(loaderOptions)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(YamlIndex.MAX_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .build();
        ObjectMapper mapper = new ObjectMapper(yaml);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        // The index refuses written empty values, so a null here is an absent key: an empty list or map.
        mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        mapper.configOverride(Map.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        SimpleModule scalars = new SimpleModule("yaml-scalars");
        scalars.addDeserializer(String.class, new ScalarAsWritten());
        scalars.addDeserializer(Boolean.class, new YamlBoolean(null));
        scalars.addDeserializer(boolean.class, new YamlBoolean(false));
        scalars.addDeserializer(Duration.class, new StdDelegatingDeserializer<>(new GoDurationConverter()));
        mapper.registerModule(new Jdk8Module());
        mapper.registerModule(scalars);
        return mapper;
    }

    /** Any scalar as text: YAML's {@code 0: user} or {@code help: yes} are strings too. */
    private static final class ScalarAsWritten extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        ScalarAsWritten() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken().isScalarValue() && parser.currentToken() != JsonToken.VALUE_EMBEDDED_OBJECT) {
                return parser.getText();
            }
            return (String) context.handleUnexpectedToken(String.class, parser);
        }
    }

    /** true and false, and YAML 1.1's words for them (yes, no, on, off, y, n, in any case). */
    private static final class YamlBoolean extends StdScalarDeserializer<Boolean> {
        private static final long serialVersionUID = 1L;
        private static final Set<String> TRUE_WORDS = Set.of("y", "yes", "on");
        private static final Set<String> FALSE_WORDS = Set.of("n", "no", "off");

        /** What an absent key reads as: false for a {@code boolean}, null for a {@code Boolean}. */
        private final Boolean absent;

        YamlBoolean(Boolean absent) {
            super(Boolean.class);
            this.absent = absent;
        }

        @Override
        public Boolean getNullValue(DeserializationContext context) {
            return absent;
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return absent;
        }

        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken().isBoolean()) {
                return parser.getBooleanValue();
            }
            String word = parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText().toLowerCase(Locale.ROOT) : "";
            if (TRUE_WORDS.contains(word) || FALSE_WORDS.contains(word)) {
                return TRUE_WORDS.contains(word);
            }
            return (Boolean) context.handleUnexpectedToken(Boolean.class, parser);
        }
    }

    /** A Go duration, from the string that {@link ScalarAsWritten} reads. */
    private static final class GoDurationConverter extends StdConverter<String, Duration> {
        @Override
        public Duration convert(String text) {
            return GoDuration.parse(text);
        }
    }
}
