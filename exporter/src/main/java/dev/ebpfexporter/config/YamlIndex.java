package dev.ebpfexporter.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML document read once: its tokens with aliases replaced by what their anchors hold, and where
 * each field path is written and what is written there, so that an error about any path, found
 * while binding or by a record afterwards, can say {@code source:line:column} and what the value was.
 * The pass also refuses what no record should have to see: duplicate keys, empty values, aliases to
 * nothing, and documents that aliases expand beyond {@link #MAX_TOKENS} tokens or nest beyond
 * {@link #MAX_DEPTH} levels (an alias bomb is refused before it is expanded very far).
 */
public final class YamlIndex {
    /** The largest shipped config is under 200 tokens; a static_map of every syscall about 1000. */
    static final int MAX_TOKENS = 20_000;
    /** Configs nest five levels. */
    static final int MAX_DEPTH = 64;

    /** @param text the scalar as written, or the same as {@code found} for a mapping or list */
    private record Entry(JsonLocation location, String found, String text) {}

    private final String source;
    private final Set<String> emptyAllowedUnder;
    private final Map<String, Entry> entries = new HashMap<>();
    /** The keys of each mapping, in file order. */
    private final Map<String, List<String>> keys = new HashMap<>();
    /** The document's tokens, aliases resolved: what records are bound from. */
    private final TokenBuffer tokens;
    /** Every buffer being written: {@link #tokens} and one per anchored value being read. */
    private final Deque<TokenBuffer> writing = new ArrayDeque<>();
    private final Map<String, TokenBuffer> anchors = new HashMap<>();
    private int tokenCount;
    /** While an alias is replayed, where it is written: its content has no place of its own. */
    private JsonLocation replayedAt;

    private YamlIndex(String source, JsonParser parser, Set<String> emptyAllowedUnder) {
        this.source = source;
        this.emptyAllowedUnder = emptyAllowedUnder;
        this.tokens = new TokenBuffer(parser.getCodec(), false);
        writing.add(tokens);
    }

    /**
     * Indexes the value at the parser's current token, the document root.
     *
     * @param emptyAllowedUnder paths whose entries may be empty ({@code key:}); anywhere else an empty
     *     value is an error, not a silent default
     */
    static YamlIndex of(String source, JsonParser parser, Set<String> emptyAllowedUnder)
            throws IOException, ConfigException {
        YamlIndex index = new YamlIndex(source, parser, emptyAllowedUnder);
        index.value(parser, "", "", parser.currentTokenLocation(), 0);
        return index;
    }

    /** The document's tokens, aliases resolved, from the start. */
    JsonParser tokens(ObjectCodec codec) {
        return tokens.asParser(codec);
    }

    /** An error about {@code path}, at the nearest place the document writes it or its parent. */
    public ConfigException error(String path, String problem) {
        return new ConfigException(describe(path, problem));
    }

    /** A one-line remark about {@code path} in the form of an error message. */
    public String describe(String path, String problem) {
        return at(source, nearest(path).location()) + (path.isEmpty() ? "top level" : path) + " " + problem;
    }

    /** What the document writes at {@code path} ("the string \"x\"", "a list"), or "nothing". */
    String found(String path) {
        Entry entry = entries.get(path);
        return entry == null ? "nothing" : entry.found();
    }

    /** The scalar at {@code path} as written. */
    String text(String path) {
        Entry entry = entries.get(path);
        return entry == null ? "" : entry.text();
    }

    /** The keys the mapping at {@code path} writes, in file order; none if it is not a mapping. */
    List<String> keys(String path) {
        return keys.getOrDefault(path, List.of());
    }

    /** {@code source:line:column: }, or {@code source: } when the place is unknown. */
    static String at(String source, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return source + ": ";
        }
        return source + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": ";
    }

    private Entry nearest(String path) {
        String current = path;
        while (!entries.containsKey(current) && !current.isEmpty()) {
            current = InvalidField.parent(current);
        }
        return entries.get(current);
    }

    /** @param where the key of a mapping entry, or the value itself for list items and the root */
    private void value(JsonParser parser, String parent, String path, JsonLocation where, int depth)
            throws IOException, ConfigException {
        if (depth > MAX_DEPTH) {
            throw error(path, "nests deeper than " + MAX_DEPTH + " levels");
        }
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            replay(parser.getText(), parent, path, where, depth);
            return;
        }
        String anchor = parser instanceof YAMLParser yaml ? yaml.getObjectId() : null;
        if (anchor != null) {
            writing.push(new TokenBuffer(parser.getCodec(), false));
        }
        JsonToken token = parser.currentToken();
        entries.put(path, new Entry(where, describe(parser), parser.getText()));
        write(parser);
        switch (token) {
            case START_OBJECT -> {
                List<String> written = new ArrayList<>();
                keys.put(path, written);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String child = InvalidField.join(path, parser.currentName());
                    JsonLocation keyLocation = location(parser);
                    if (written.contains(parser.currentName())) {
                        throw new ConfigException(at(source, keyLocation) + child + " is given twice");
                    }
                    written.add(parser.currentName());
                    write(parser);
                    parser.nextToken();
                    value(parser, path, child, keyLocation, depth + 1);
                }
                write(parser);
            }
            case START_ARRAY -> {
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    value(parser, path, path + "[" + i++ + "]", location(parser), depth + 1);
                }
                write(parser);
            }
            case VALUE_NULL -> {
                if (!emptyAllowedUnder.contains(parent)) {
                    throw error(path, "must not be empty: give it a value or remove it");
                }
            }
            default -> {
                // a scalar: nothing below it
            }
        }
        if (anchor != null) {
            anchors.put(anchor, writing.pop());
        }
    }

    /** Reads alias {@code *name} as the value its anchor holds, written out again at the alias. */
    private void replay(String name, String parent, String path, JsonLocation where, int depth)
            throws IOException, ConfigException {
        TokenBuffer anchored = anchors.get(name);
        if (anchored == null) {
            throw new ConfigException(at(source, where) + path + " refers to *" + name
                    + ", which no earlier &" + name + " defines");
        }
        JsonLocation outer = replayedAt;
        replayedAt = outer != null ? outer : where;
        try (JsonParser replay = anchored.asParser()) {
            replay.nextToken();
            value(replay, parent, path, where, depth);
        }
        replayedAt = outer;
    }

    private JsonLocation location(JsonParser parser) {
        return replayedAt != null ? replayedAt : parser.currentTokenLocation();
    }

    private void write(JsonParser parser) throws IOException, ConfigException {
        if (++tokenCount > MAX_TOKENS) {
            throw new ConfigException(at(source, location(parser)) + "the document expands to more than " + MAX_TOKENS
                    + " values (through aliases?); write it out without chains of aliases");
        }
        boolean wordBoolean = parser.currentToken().isBoolean() && !parser.getText().equalsIgnoreCase("true")
                && !parser.getText().equalsIgnoreCase("false");
        for (TokenBuffer buffer : writing) {
            if (wordBoolean) {
                // YAML 1.1's yes/no/on/off: a string to a string field (static_map {1: yes}), a boolean to a
                // boolean one (YamlReader's boolean reader), as in ebpf_exporter's YAML library.
                buffer.writeString(parser.getText());
            } else {
                buffer.copyCurrentEvent(parser);
            }
        }
    }

    private static String describe(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "empty";
            case VALUE_STRING -> "the string \"" + parser.getText() + "\"";
            case VALUE_NUMBER_INT -> "the integer " + parser.getText();
            case VALUE_NUMBER_FLOAT -> "the float " + parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + parser.getText();
            default -> parser.getText();
        };
    }
}
