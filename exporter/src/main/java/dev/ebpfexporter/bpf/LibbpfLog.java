package dev.ebpfexporter.bpf;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes libbpf's log into the daemon's log, and captures what libbpf says during one call
 * (verifier output, CO-RE messages) so a failure can carry the relevant tail in its message.
 */
final class LibbpfLog {
    private static final Logger LOG = LoggerFactory.getLogger("libbpf");
    private static final ThreadLocal<List<String>> CAPTURE = new ThreadLocal<>();
    /** Held strongly: libbpf keeps the native stub, the GC must not free it. */
    private static final Libbpf.PrintFn PRINTER = LibbpfLog::print;

    private static boolean installed;

    private LibbpfLog() {}

    static synchronized void install() {
        if (!installed) {
            Libbpf.libbpf_set_print(PRINTER);
            installed = true;
        }
    }

    /** Runs a libbpf call and returns it with every line libbpf logged meanwhile on this thread. */
    static <T> Captured<T> capture(NativeCall<T> call) {
        List<String> lines = new ArrayList<>();
        CAPTURE.set(lines);
        try {
            return new Captured<>(call.run(), List.copyOf(lines));
        } finally {
            CAPTURE.remove();
        }
    }

    interface NativeCall<T> {
        T run();
    }

    record Captured<T>(T result, List<String> log) {
        /** The last {@code max} non-empty log lines, one per line, for an error message. */
        String tail(int max) {
            List<String> lines = log.stream().flatMap(String::lines).filter(l -> !l.isBlank()).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - max), lines.size()));
        }

        /** "; libbpf said: " and the last {@code max} lines, for the end of a message; empty when libbpf was silent. */
        String said(int max) {
            return log.isEmpty() ? "" : "; libbpf said: " + tail(max);
        }
    }

    private static int print(int level, String format, Pointer vaList) {
        try {
            long[] out = new long[1];
            if (Libbpf.LibC.vasprintf(out, format, vaList) < 0) {
                return 0;
            }
            Pointer text = new Pointer(out[0]);
            String message = text.getString(0).stripTrailing();
            Libbpf.LibC.free(text);
            List<String> capture = CAPTURE.get();
            if (capture != null) {
                capture.add(message);
            }
            if (level == Libbpf.LIBBPF_WARN && capture == null) {
                LOG.warn("{}", message);
            } else if (level == Libbpf.LIBBPF_DEBUG) {
                LOG.trace("{}", message);
            } else {
                LOG.debug("{}", message);
            }
        } catch (RuntimeException e) {
            // An exception must never unwind into libbpf's C frames.
            LOG.debug("libbpf log message lost: {}", e.toString());
        }
        return 0;
    }
}
