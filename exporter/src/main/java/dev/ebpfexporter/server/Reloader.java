package dev.ebpfexporter.server;

/** Re-reads the configs and swaps what changed, for {@code POST /-/reload}; one reload at a time. */
@FunctionalInterface
public interface Reloader {
    Result reload();

    /**
     * @param successful whether every config now runs in its current version
     * @param summary one line saying what the reload did, or why it failed for which configs
     */
    record Result(boolean successful, String summary) {}
}
