package dev.ebpfexporter.server;

import java.util.List;

/** What the status page shows of one config: its programs when loaded, its error when not. */
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
