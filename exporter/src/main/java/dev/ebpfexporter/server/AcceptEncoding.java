package dev.ebpfexporter.server;

import java.util.Locale;

/**
 * Reads an Accept-Encoding header (RFC 9110 §12.5.3) for the one coding this server produces.
 * Only an explicit {@code gzip} counts: Prometheus and curl name it, and a {@code *} alone is
 * answered uncompressed, which the RFC allows.
 */
final class AcceptEncoding {
    private AcceptEncoding() {}

    /** True when gzip is listed without {@code q=0}. */
    static boolean allowsGzip(String header) {
        if (header == null) {
            return false;
        }
        for (String entry : header.split(",")) {
            String[] parts = entry.split(";");
            if (parts[0].strip().equalsIgnoreCase("gzip")) {
                return !refused(parts);
            }
        }
        return false;
    }

    /** {@code q=0} (or 0.0, 0.00, 0.000) means "not this one". */
    private static boolean refused(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].strip().toLowerCase(Locale.ROOT).matches("q=0(\\.0{0,3})?")) {
                return true;
            }
        }
        return false;
    }
}
