package dev.ebpfexporter.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The entries of a YAML mapping, each a {@link YamlValue} whose errors point at its key. Public for
 * the other files the daemon reads in YAML (the web config).
 */
public final class YamlMapping {
    private final YamlValue self;
    private final Map<String, YamlValue> entries;

    private YamlMapping(YamlValue self, Map<String, YamlValue> entries) {
        this.self = self;
        this.entries = entries;
    }

    static YamlMapping of(YamlValue self, MappingNode node) throws ConfigException {
        Map<String, YamlValue> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw self.error(tuple.getKeyNode().getStartMark(), self.path(), "has a key that is not a plain name");
            }
            String key = keyNode.getValue();
            YamlValue value = self.child(childPath(self.path(), key), keyNode.getStartMark(), tuple.getValueNode());
            if (entries.putIfAbsent(key, value) != null) {
                throw value.error("is given twice");
            }
        }
        return new YamlMapping(self, Collections.unmodifiableMap(entries));
    }

    /** Rejects any key not in {@code known}, naming the known ones. */
    public YamlMapping allowOnly(List<String> known) throws ConfigException {
        for (Map.Entry<String, YamlValue> entry : entries.entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw entry.getValue().error("is not a known field (known: " + String.join(", ", known) + ")");
            }
        }
        return this;
    }

    /** The value of {@code key}; an absent key and an empty value ({@code key:}) are both empty. */
    public Optional<YamlValue> optional(String key) {
        return Optional.ofNullable(entries.get(key)).filter(value -> !value.isNull());
    }

    /** The value of {@code key}; if absent or empty, the error points at this mapping. */
    public YamlValue required(String key) throws ConfigException {
        Optional<YamlValue> value = optional(key);
        if (value.isEmpty()) {
            throw self.error(self.mark(), childPath(self.path(), key), "is required");
        }
        return value.get();
    }

    /** All entries in file order, for mappings with free-form keys ({@code static_map}). */
    public Map<String, YamlValue> entries() {
        return entries;
    }

    private static String childPath(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
