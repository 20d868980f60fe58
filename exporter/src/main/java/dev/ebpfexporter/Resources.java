package dev.ebpfexporter;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the daemon holds open (BPF objects and links, the drain thread, the HTTP server),
 * released in reverse order of acquisition exactly once, whichever path gets there first:
 * an error in main, or the shutdown hook on SIGTERM/SIGINT.
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
