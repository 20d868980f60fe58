package dev.ebpfexporter.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A table of names by small number (syscalls, errnos) from a resource beside this class: lines
 * {@code number name}, lines starting with {@code #} are comments (each table says there how it
 * was generated).
 */
final class NamesByNumber {
    private final String[] names; // null where the table has a gap

    private NamesByNumber(String[] names) {
        this.names = names;
    }

    /** An empty table: every number is missing. */
    static NamesByNumber none() {
        return new NamesByNumber(new String[0]);
    }

    /** @throws IllegalStateException when the resource is missing from the jar (a build fault) */
    static NamesByNumber read(String resource) {
        String[] names = new String[0];
        try (InputStream stream = NamesByNumber.class.getResourceAsStream(resource)) {
            if (stream == null) {
                throw new IllegalStateException("table " + resource + " is missing from the exporter's jar");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.US_ASCII));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.trim().split("\\s+");
                int number = Integer.parseInt(fields[0]);
                if (number >= names.length) {
                    names = Arrays.copyOf(names, Math.max(number + 1, 2 * names.length));
                }
                names[number] = fields[1];
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading table " + resource, e);
        }
        return new NamesByNumber(names);
    }

    /** The name of {@code number} (read as unsigned), or null when the table lacks it. */
    String nameOf(long number) {
        return number >= 0 && number < names.length ? names[(int) number] : null;
    }
}
