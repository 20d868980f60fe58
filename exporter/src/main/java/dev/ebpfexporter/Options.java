package dev.ebpfexporter;

import dev.ebpfexporter.server.ListenAddress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line, parsed once into an immutable record; only this class knows picocli. */
public record Options(
        Optional<Path> configDir,
        List<String> configNames,
        ListenAddress listenAddress,
        String telemetryPath,
        Duration drainInterval,
        boolean configCheck,
        boolean configStrict,
        boolean debug) {
    static final int USAGE_ERROR = 2;
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    public Options {
        configNames = List.copyOf(configNames);
    }

    /** Options to run with, or what to print and the status to exit with. */
    sealed interface Parsed permits Run, Exit {}

    record Run(Options options) implements Parsed {}

    record Exit(int status, String output) implements Parsed {}

    static Parsed parse(String... args) {
        Flags flags = new Flags();
        CommandLine commandLine = new CommandLine(flags);
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                return new Exit(0, commandLine.getUsageMessage());
            }
            if (commandLine.isVersionHelpRequested()) {
                return new Exit(0, "ebpf-exporter " + Version.current());
            }
            return new Run(flags.toOptions());
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            StringWriter usage = new StringWriter();
            commandLine.usage(new PrintWriter(usage));
            return new Exit(USAGE_ERROR, "ebpf-exporter: " + e.getMessage() + "\n\n" + usage);
        }
    }

    /** A positive duration written as a number and a unit: 500ms, 5s, 1m, 1h. */
    static Duration parseDuration(String flag, String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(flag + " '" + text + "': write a number and a unit (ms, s, m, h), like 5s");
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (duration.isZero()) {
            throw new IllegalArgumentException(flag + " '" + text + "' must be greater than zero");
        }
        return duration;
    }

    @Command(name = "ebpf-exporter", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Loads BPF programs declared in YAML and serves their maps as Prometheus metrics.")
    private static final class Flags {
        @Option(names = "--config.dir", paramLabel = "DIR",
                description = "Directory of <name>.yaml + <name>.bpf.o (default: the configs bundled in the jar).")
        Path configDir;

        @Option(names = "--config.names", paramLabel = "NAMES", split = ",",
                description = "Comma-separated configs to run (default: every config).")
        List<String> configNames = List.of();

        @Option(names = "--web.listen-address", paramLabel = "ADDR", defaultValue = ":9435",
                description = "Address to serve on: :PORT, HOST:PORT or [V6]:PORT (default: ${DEFAULT-VALUE}).")
        String listenAddress;

        @Option(names = "--web.telemetry-path", paramLabel = "PATH", defaultValue = "/metrics",
                description = "Path serving the metrics (default: ${DEFAULT-VALUE}).")
        String telemetryPath;

        @Option(names = "--drain.interval", paramLabel = "DURATION", defaultValue = "5s",
                description = "How often maps are read; scrapes serve the latest read (default: ${DEFAULT-VALUE}).")
        String drainInterval;

        @Option(names = "--config.check", description = "Load and attach every config, then exit 0 if all worked.")
        boolean configCheck;

        @Option(names = "--config.strict", description = "Exit if any config fails (default: skip it and run the rest).")
        boolean configStrict;

        @Option(names = "--debug", description = "Log at debug level, libbpf's messages included.")
        boolean debug;

        Options toOptions() {
            ListenAddress address;
            try {
                address = ListenAddress.parse(listenAddress);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--web.listen-address " + e.getMessage(), e);
            }
            if (!telemetryPath.startsWith("/") || telemetryPath.equals("/")) {
                throw new IllegalArgumentException("--web.telemetry-path '" + telemetryPath
                        + "' must start with / and not be / itself (the status page is there)");
            }
            return new Options(Optional.ofNullable(configDir), configNames, address, telemetryPath,
                    parseDuration("--drain.interval", drainInterval), configCheck, configStrict, debug);
        }
    }
}
