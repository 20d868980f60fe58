package dev.ebpfexporter.config;

/**
 * A config that cannot be read or is not valid. The message is complete and fits on one line:
 * it names the source and, when known, the line, column and field path
 * ({@code configs/runqlat.yaml:12:7: metrics.histograms[0].bucket_max (27) must be ≥ bucket_min (30)}).
 */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
