package dev.ebpfexporter.config;

/**
 * A record refusing a value it cannot hold. {@code path} is relative to the record being built
 * ({@code "bucket_max"}, {@code "labels[1].name"}; empty for the record itself), so that the YAML
 * reader can prefix the record's own path and point at the line and column where the value is written.
 */
public final class InvalidField extends IllegalArgumentException {
    private final String path;
    private final String problem;

    /** @param problem what is wrong and what to do, written to follow the field path */
    public InvalidField(String path, String problem) {
        super((path.isEmpty() ? "" : path + " ") + problem);
        this.path = path;
        this.problem = problem;
    }

    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }

    /** {@code child} of {@code parent}: a field ({@code a.b}) or a list index ({@code a[2]}). */
    static String join(String parent, String child) {
        if (parent.isEmpty() || child.isEmpty()) {
            return parent + child;
        }
        return child.startsWith("[") ? parent + child : parent + "." + child;
    }

    /** The path {@code path} is a field or item of; "" for the root. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
