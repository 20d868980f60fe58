package dev.ebpfexporter.server;

import java.net.BindException;
import java.net.SocketException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/** Turns what Jetty throws when it cannot bind into a sentence that says what to do. */
final class BindFailure {
    private static final String CHOOSE = "choose another with --web.listen-address";

    private BindFailure() {}

    static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host; " + CHOOSE;
            }
            if (t instanceof BindException || t instanceof SocketException) {
                return explainSocket(String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT));
            }
        }
        return failure.toString();
    }

    private static String explainSocket(String message) {
        if (message.contains("already in use")) {
            return "address already in use — another exporter running? choose another port with --web.listen-address";
        }
        if (message.contains("cannot assign requested address")) {
            return "no interface of this host has that address; " + CHOOSE;
        }
        if (message.contains("permission denied")) {
            return "permission denied (ports below 1024 need CAP_NET_BIND_SERVICE); " + CHOOSE;
        }
        return message + "; " + CHOOSE;
    }
}
