package dev.ebpfexporter.server;

/**
 * Where the HTTP server listens, written as Prometheus exporters write it: {@code :PORT} (every
 * interface), {@code HOST:PORT} or {@code [V6]:PORT}.
 *
 * @param host empty for every interface; an IPv6 literal without brackets
 * @param port 0 asks the kernel for a free port (tests); {@link #parse} only accepts 1..65535
 */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
    }

    /** Parses the flag's text; the message names the text and says what is wrong with it. */
    public static ListenAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(text, "no port; write :PORT, HOST:PORT or [V6]:PORT");
        }
        return new ListenAddress(host(text, text.substring(0, colon)), port(text, text.substring(colon + 1)));
    }

    private static String host(String text, String host) {
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() == 2) {
                throw invalid(text, "an IPv6 host goes between brackets, like [::1]:9435");
            }
            return host.substring(1, host.length() - 1);
        }
        if (host.contains(":") || host.contains("]")) {
            throw invalid(text, "an IPv6 host goes between brackets, like [::1]:9435");
        }
        return host;
    }

    private static int port(String text, String port) {
        // At most 5 digits, so parseInt cannot overflow and "+1" or "-1" never get this far.
        if (!port.matches("[0-9]{1,5}")) {
            throw invalid(text, "port must be a number 1..65535");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw invalid(text, "port must be 1..65535");
        }
        return value;
    }

    private static IllegalArgumentException invalid(String text, String problem) {
        return new IllegalArgumentException("'" + text + "': " + problem);
    }

    /** The flag's own notation, so messages show what the user wrote; {@code :PORT} for every interface. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
