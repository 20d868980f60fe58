package dev.ebpfexporter.server;

/**
 * Where the HTTP server listens: {@code :PORT} (every interface), {@code HOST:PORT} or
 * {@code [V6]:PORT}, as Prometheus exporters write it.
 *
 * @param host empty for every interface
 */
public record ListenAddress(String host, int port) {
    public static ListenAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' has no port: write :PORT, HOST:PORT or [V6]:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write IPv6 hosts in brackets, like [::1]:9435");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': port must be a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port must be 0..65535 (0 picks a free one)");
        }
        return new ListenAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
