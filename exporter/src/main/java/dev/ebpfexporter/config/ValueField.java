package dev.ebpfexporter.config;

import java.util.Objects;

/**
 * Where a metric's value lies: u64 number {@code index} of the {@code count} u64s each value of map
 * {@code map} holds. A plain metric has its map's name and the whole u64 value; the {@code values}
 * of a multi-value map (an extension) fan one struct value out into one metric per field.
 */
public record ValueField(String map, int index, int count) {
    public ValueField {
        Objects.requireNonNull(map, "map");
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("field " + index + " of " + count + " does not exist");
        }
    }

    /** The whole u64 value of map {@code map}. */
    public static ValueField whole(String map) {
        return new ValueField(map, 0, 1);
    }
}
