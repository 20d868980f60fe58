package dev.ebpfexporter.server;

/** The HTTP server could not start; the message says why and what to do. */
public final class ServerStartException extends Exception {
    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
