package dev.ebpfexporter.server;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the status page shows of one config.
 *
 * @param name the config's name ({@code runqlat})
 * @param source where it was read from (a file path or a resource in the jar)
 * @param loaded whether it parsed, loaded and attached
 * @param error why it did not; empty when loaded
 * @param programs the programs it attached; empty when it failed
 * @param reloadFailure why the last reload could not swap in its new version, while the previous
 *     one keeps running; empty when that reload did not fail for it
 */
public record ConfigStatus(String name, String source, boolean loaded, String error, List<String> programs,
        Optional<String> reloadFailure) {
    public ConfigStatus {
        programs = List.copyOf(programs);
        Objects.requireNonNull(reloadFailure, "reloadFailure");
        if (reloadFailure.isPresent() && !loaded) {
            throw new IllegalArgumentException(name + ": only a running config keeps its previous version");
        }
    }

    public static ConfigStatus loaded(String name, String source, List<String> programs) {
        return new ConfigStatus(name, source, true, "", programs, Optional.empty());
    }

    public static ConfigStatus failed(String name, String source, String error) {
        return new ConfigStatus(name, source, false, error, List.of(), Optional.empty());
    }

    /** This running config, whose new version a reload could not swap in for {@code error}. */
    public ConfigStatus reloadFailed(String error) {
        return new ConfigStatus(name, source, loaded, this.error, programs, Optional.of(error));
    }
}
