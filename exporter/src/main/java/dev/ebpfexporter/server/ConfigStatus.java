package dev.ebpfexporter.server;

import java.util.List;

/**
 * What the status page shows of one config.
 *
 * @param name the config's name ({@code runqlat})
 * @param source where it was read from (a file path or a resource in the jar)
 * @param loaded whether it parsed, loaded and attached
 * @param error why it did not; empty when loaded
 * @param programs the programs it attached; empty when it failed
 */
public record ConfigStatus(String name, String source, boolean loaded, String error, List<String> programs) {
    public ConfigStatus {
        programs = List.copyOf(programs);
    }

    public static ConfigStatus loaded(String name, String source, List<String> programs) {
        return new ConfigStatus(name, source, true, "", programs);
    }

    public static ConfigStatus failed(String name, String source, String error) {
        return new ConfigStatus(name, source, false, error, List.of());
    }
}
