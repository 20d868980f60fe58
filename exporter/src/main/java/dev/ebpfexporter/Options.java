package dev.ebpfexporter;

import dev.ebpfexporter.bpf.Capability;
import dev.ebpfexporter.config.ClasspathConfigSource;
import dev.ebpfexporter.server.ListenAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line, parsed once into an immutable record; only this class knows picocli.
 *
 * @param configDir where {@code <name>.yaml} and {@code <name>.bpf.o} are; empty for the configs in the jar
 * @param configNames the configs to run; empty for every config found
 * @param webConfigFile exporter-toolkit's web config (TLS, basic auth); empty for plain, open HTTP
 * @param enableLifecycle whether {@code POST /-/reload} reloads the configs (403 otherwise), as in Prometheus
 * @param capabilitiesKeep the capabilities every thread keeps once the configs are attached; empty
 *     to change nothing
 * @param debug debug logging, and the debug endpoints served
 */
public record Options(
        Optional<Path> configDir,
        List<String> configNames,
        ListenAddress listenAddress,
        String telemetryPath,
        Optional<Path> webConfigFile,
        boolean enableLifecycle,
        Duration drainInterval,
        boolean configCheck,
        boolean configStrict,
        boolean bpfStats,
        Optional<Set<Capability>> capabilitiesKeep,
        boolean debug) {
    /** The exit status for a command line that cannot be run, as getopt-style tools use it. */
    static final int USAGE_ERROR = 2;
    /**
     * Each drain reads every map: at 1 ms that is a fifth of a core for nothing, as scrapes come
     * seconds apart. 50 ms still lets tests align windows finely.
     */
    static final Duration MIN_DRAIN_INTERVAL = Duration.ofMillis(50);
    /** One or more amount-unit pairs, Go style: 500ms, 5s, 1m30s, 1h. */
    private static final Pattern DURATION = Pattern.compile("(?:[0-9]{1,9}(?:ms|s|m|h))+");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    /**
     * What a reload needs to load any shipped config (docs/operations.md, "Capabilities after
     * attach"): programs and maps, tracing, kernel addresses for ksym, tracefs for another uid.
     */
    static final String DEFAULT_CAPABILITIES_KEEP = "cap_bpf,cap_perfmon,cap_syslog,cap_dac_read_search";

    public Options {
        configNames = List.copyOf(configNames);
        capabilitiesKeep = capabilitiesKeep.map(Set::copyOf);
    }

    /** What the command line asks for: run with these options, or print something and exit. */
    sealed interface Parsed permits Run, Exit {}

    record Run(Options options) implements Parsed {}

    /** Print {@code output} (stdout for status 0, stderr otherwise) and exit with {@code status}. */
    record Exit(int status, String output) implements Parsed {}

    static Parsed parse(String... args) {
        Flags flags = new Flags();
        CommandLine commandLine = new CommandLine(flags);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return usageError(e.getMessage());
        }
        if (commandLine.isUsageHelpRequested()) {
            return new Exit(0, commandLine.getUsageMessage());
        }
        if (commandLine.isVersionHelpRequested()) {
            return new Exit(0, "ebpf-exporter " + Version.current() + "\n");
        }
        try {
            return new Run(flags.toOptions());
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
    }

    private static Exit usageError(String message) {
        return new Exit(USAGE_ERROR, "ebpf-exporter: " + message + " (see --help)\n");
    }

    /** A positive duration: amount-unit pairs with units ms, s, m, h (5s, 500ms, 1m30s). */
    static Duration parseDuration(String flag, String text) {
        if (!DURATION.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    flag + " '" + text + "': write a whole number and a unit (ms, s, m, h), like 5s, 500ms or 1m30s");
        }
        Duration duration = Duration.ZERO;
        for (Matcher part = DURATION_PART.matcher(text); part.find(); ) {
            long amount = Long.parseLong(part.group(1));
            duration = duration.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        if (duration.isZero()) {
            throw new IllegalArgumentException(flag + " '" + text + "' must be greater than zero");
        }
        return duration;
    }

    @Command(name = "ebpf-exporter", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
            description = "Loads BPF programs declared in YAML and serves their maps as Prometheus metrics.")
    private static final class Flags {
        @Option(names = "--config.dir", paramLabel = "DIR",
                description = "Directory of <name>.yaml + <name>.bpf.o (default: the configs bundled in the jar).")
        Path configDir;

        @Option(names = "--config.names", paramLabel = "NAMES", split = ",",
                description = "Comma-separated configs to run (default: every config; of the bundled ones, all but "
                        + ClasspathConfigSource.BUNDLED_OPT_IN + ").")
        List<String> configNames;

        @Option(names = "--web.listen-address", paramLabel = "ADDR", defaultValue = ":9435",
                description = "Address to serve on: :PORT, HOST:PORT or [V6]:PORT (default: ${DEFAULT-VALUE}).")
        String listenAddress;

        @Option(names = "--web.telemetry-path", paramLabel = "PATH", defaultValue = "/metrics",
                description = "Path serving the metrics (default: ${DEFAULT-VALUE}).")
        String telemetryPath;

        @Option(names = "--web.config.file", paramLabel = "FILE",
                description = "TLS and basic auth, in the web-config.yml format of Prometheus's exporter-toolkit"
                        + " (default: plain HTTP, no auth).")
        Path webConfigFile;

        @Option(names = "--web.enable-lifecycle", description = "Reload the configs on POST /-/reload, behind the web"
                + " config's auth, as SIGHUP does (default: off, the endpoint answers 403).")
        boolean enableLifecycle;

        @Option(names = "--drain.interval", paramLabel = "DURATION", defaultValue = "5s",
                description = "How often maps are read; scrapes serve the latest read (default: ${DEFAULT-VALUE}).")
        String drainInterval;

        @Option(names = "--config.check", description = "Load and attach every config, then exit: 0 if all worked, 1 if not.")
        boolean configCheck;

        @Option(names = "--config.strict", description = "Exit if any config fails (default: log it, skip it, run the rest).")
        boolean configStrict;

        @Option(names = "--bpf.stats", description = "Count each program's run time and runs in the kernel while the"
                + " exporter runs (status page, ebpf_exporter_program_*); adds two clock reads per program run.")
        boolean bpfStats;

        @Option(names = "--capabilities.keep", paramLabel = "CAPS", defaultValue = DEFAULT_CAPABILITIES_KEEP,
                description = "Comma-separated capabilities every thread keeps once the configs are attached, 'none'"
                        + " or 'all' (keep everything); no_new_privs is set unless 'all' (default: ${DEFAULT-VALUE},"
                        + " what a reload needs).")
        String capabilitiesKeep;

        @Option(names = "--debug", description = "Log at debug level, libbpf's messages included, and serve "
                + "/debug/threads (a thread dump).")
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
            return new Options(Optional.ofNullable(configDir), names(), address, telemetryPath,
                    Optional.ofNullable(webConfigFile), enableLifecycle, drainInterval(), configCheck, configStrict, bpfStats,
                    capabilitiesKeep(), debug);
        }

        private Duration drainInterval() {
            Duration interval = parseDuration("--drain.interval", drainInterval);
            if (interval.compareTo(MIN_DRAIN_INTERVAL) < 0) {
                throw new IllegalArgumentException("--drain.interval '" + drainInterval + "' must be at least "
                        + MIN_DRAIN_INTERVAL.toMillis() + "ms: every drain reads every map, and scrapes come seconds"
                        + " apart");
            }
            return interval;
        }

        private Optional<Set<Capability>> capabilitiesKeep() {
            String list = capabilitiesKeep.strip();
            if (list.equals("all")) {
                return Optional.empty();
            }
            Set<Capability> keep = EnumSet.noneOf(Capability.class);
            if (!list.equals("none")) {
                for (String name : list.split(",", -1)) {
                    try {
                        keep.add(Capability.parse(name));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--capabilities.keep: " + e.getMessage()
                                + ", or 'none' or 'all'", e);
                    }
                }
            }
            return Optional.of(keep);
        }

        private List<String> names() {
            if (configNames == null) {
                return List.of();
            }
            List<String> names = configNames.stream().map(String::strip).toList();
            Set<String> seen = new HashSet<>();
            for (String name : names) {
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("--config.names '" + String.join(",", configNames)
                            + "': a name is empty");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("--config.names: '" + name + "' is listed twice");
                }
            }
            return names;
        }
    }
}
