package dev.ebpfexporter.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One node of a YAML document together with its field path and position, so that every error
 * can say {@code source:line:column: path problem}. The node tree comes from SnakeYAML's composer
 * (the YAML engine under Jackson's YAML module): unlike a Jackson tree it keeps the position of
 * every key and value, and the tag its scalar resolved to (int, float, bool, null, str). Public for
 * the other files the daemon reads in YAML (the web config).
 */
public final class YamlValue {
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on");
    private static final Map<Tag, String> SCALAR_KINDS =
            Map.of(Tag.INT, "integer", Tag.FLOAT, "float", Tag.BOOL, "boolean");

    private final String source;
    private final String path;
    private final Mark mark;
    private final Node node;

    /**
     * @param path the field path, "" for the document root
     * @param mark where errors point: the key of a mapping entry, otherwise the node itself
     */
    private YamlValue(String source, String path, Mark mark, Node node) {
        this.source = source;
        this.path = path;
        this.mark = mark;
        this.node = node;
    }

    /** The single document of {@code yaml}; malformed YAML, an empty file or several documents are errors. */
    public static YamlValue parseDocument(String source, String yaml) throws ConfigException {
        return parseOptionalDocument(source, yaml)
                .orElseThrow(() -> new ConfigException(source + ":1:1: the file is empty"));
    }

    /** Like {@link #parseDocument}, but a file with no document (empty, or only comments) is empty, not an error. */
    public static Optional<YamlValue> parseOptionalDocument(String source, String yaml) throws ConfigException {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new ConfigException(at(source, e.getProblemMark()) + "invalid YAML: " + oneLine(e), e);
        } catch (YAMLException e) {
            throw new ConfigException(source + ": invalid YAML: " + e.getMessage(), e);
        }
        if (root == null || root instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
            return Optional.empty();
        }
        return Optional.of(new YamlValue(source, "", root.getStartMark(), root));
    }

    String path() {
        return path;
    }

    Mark mark() {
        return mark;
    }

    /** An error about this value: {@code source:line:column: path message}. */
    public ConfigException error(String message) {
        return new ConfigException(describe(message));
    }

    ConfigException error(Mark where, String fieldPath, String message) {
        return new ConfigException(describe(where, fieldPath, message));
    }

    /** A one-line remark about this value, in the form of an error message. */
    String describe(String message) {
        return describe(mark, path, message);
    }

    private String describe(Mark where, String fieldPath, String message) {
        return at(source, where) + (fieldPath.isEmpty() ? "top level" : fieldPath) + " " + message;
    }

    /** A child of this value, found at {@code where} and named {@code childPath}. */
    YamlValue child(String childPath, Mark where, Node child) {
        return new YamlValue(source, childPath, where, child);
    }

    boolean isNull() {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    /** Any non-null scalar, as written: YAML's {@code 0: user} or {@code help: yes} are strings too. */
    public String string() throws ConfigException {
        if (!(node instanceof ScalarNode scalar) || isNull()) {
            throw wrongType("a string");
        }
        return scalar.getValue();
    }

    int integer() throws ConfigException {
        String text = scalarTagged(Tag.INT, "an integer");
        long value;
        try {
            value = Long.decode(text.replace("_", "")); // YAML allows 1_000, 0x10, 010 (octal)
        } catch (NumberFormatException e) {
            throw error("must be an integer, not " + text);
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw error("(" + text + ") is out of range");
        }
        return (int) value;
    }

    /** An integer or a float; infinities and NaN are rejected. */
    double number() throws ConfigException {
        boolean isNumber = node instanceof ScalarNode scalar
                && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT));
        if (!isNumber) {
            throw wrongType("a number");
        }
        String text = ((ScalarNode) node).getValue();
        try {
            double value = Double.parseDouble(text.replace("_", ""));
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, like an infinity
        }
        throw error("must be a finite number, not " + text);
    }

    public boolean bool() throws ConfigException {
        return TRUE_WORDS.contains(scalarTagged(Tag.BOOL, "true or false").toLowerCase(Locale.ROOT));
    }

    public List<YamlValue> sequence() throws ConfigException {
        if (!(node instanceof SequenceNode sequence)) {
            throw wrongType("a list");
        }
        List<YamlValue> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            items.add(child(path + "[" + items.size() + "]", item.getStartMark(), item));
        }
        return items;
    }

    /** This value as a mapping; duplicate and non-scalar keys are errors. */
    public YamlMapping mapping() throws ConfigException {
        if (!(node instanceof MappingNode mapping)) {
            throw wrongType("a mapping");
        }
        return YamlMapping.of(this, mapping);
    }

    private String scalarTagged(Tag tag, String expected) throws ConfigException {
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(tag)) {
            throw wrongType(expected);
        }
        return scalar.getValue();
    }

    private ConfigException wrongType(String expected) {
        return error("must be " + expected + ", not " + describeNode());
    }

    private String describeNode() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull()) {
            return "empty";
        }
        String text = ((ScalarNode) node).getValue();
        Tag tag = node.getTag();
        if (tag.equals(Tag.STR)) {
            return "the string \"" + text + "\"";
        }
        return "the " + SCALAR_KINDS.getOrDefault(tag, tag.getValue()) + " " + text;
    }

    private static String at(String source, Mark mark) {
        return source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
    }

    /** SnakeYAML's context and problem, without its multi-line snippet. */
    private static String oneLine(MarkedYAMLException e) {
        String text = (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem();
        return text.replaceAll("\\s+", " ").trim();
    }
}
