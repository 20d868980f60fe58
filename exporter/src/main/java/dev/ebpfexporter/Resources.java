package dev.ebpfexporter;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the daemon holds open (BPF objects and links, the drain thread, the HTTP server),
 * released in reverse order of acquisition exactly once, whichever path gets there first:
 * an exit in main (an error, a fatal JVM error, SIGTERM/SIGINT), or the shutdown hook on any other JVM exit.
 */
final class Resources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);
    private final Deque<AutoCloseable> held = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T hold(T resource) {
        held.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!held.isEmpty()) {
            AutoCloseable resource = held.pop();
            try {
                resource.close();
            } catch (Exception e) {
                // Keep releasing the rest: one failure must not leak the others.
                LOG.warn("releasing {} failed: {}", resource, e.toString());
            }
        }
    }
}
