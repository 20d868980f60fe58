package dev.ebpfexporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.bpf.Capability;
import dev.ebpfexporter.server.ListenAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptionsTest {
    private static Options run(String... args) {
        Options.Parsed parsed = Options.parse(args);
        assertThat(parsed).isInstanceOf(Options.Run.class);
        return ((Options.Run) parsed).options();
    }

    private static Options.Exit exit(String... args) {
        Options.Parsed parsed = Options.parse(args);
        assertThat(parsed).isInstanceOf(Options.Exit.class);
        return (Options.Exit) parsed;
    }

    @Test
    void defaults() {
        assertThat(run()).isEqualTo(new Options(Optional.empty(), List.of(), new ListenAddress("", 9435), "/metrics",
                Optional.empty(), false, Duration.ofSeconds(5), false, false, false,
                Optional.of(Set.of(Capability.BPF, Capability.PERFMON, Capability.SYSLOG, Capability.DAC_READ_SEARCH)),
                false));
    }

    @Test
    void everyFlag() {
        Options options = run("--config.dir", "/etc/ebpf", "--config.names", "runqlat,biolatency",
                "--web.listen-address", "[::1]:9100", "--web.telemetry-path", "/probe/metrics",
                "--web.config.file", "/etc/ebpf/web.yml", "--web.enable-lifecycle", "--drain.interval", "250ms", "--config.check",
                "--config.strict", "--bpf.stats", "--capabilities.keep", "CAP_BPF, cap_net_admin", "--debug");

        assertThat(options).isEqualTo(new Options(Optional.of(Path.of("/etc/ebpf")), List.of("runqlat", "biolatency"),
                new ListenAddress("::1", 9100), "/probe/metrics", Optional.of(Path.of("/etc/ebpf/web.yml")),
                true, Duration.ofMillis(250), true, true, true, Optional.of(Set.of(Capability.BPF, Capability.NET_ADMIN)),
                true));
    }

    @Test
    void capabilitiesKeepAllChangesNothingAndNoneKeepsNothing() {
        assertThat(run("--capabilities.keep=all").capabilitiesKeep()).isEmpty();
        assertThat(run("--capabilities.keep=none").capabilitiesKeep()).contains(Set.of());
    }

    @Test
    void equalsSignForm() {
        Options options = run("--web.listen-address=127.0.0.1:9435", "--drain.interval=1m");

        assertThat(options.listenAddress()).isEqualTo(new ListenAddress("127.0.0.1", 9435));
        assertThat(options.drainInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    static Stream<Arguments> configNames() {
        return Stream.of(
                Arguments.of(new String[] {"--config.names", "a,b"}, List.of("a", "b")),
                Arguments.of(new String[] {"--config.names", "a"}, List.of("a")),
                Arguments.of(new String[] {"--config.names", "a, b"}, List.of("a", "b")),
                Arguments.of(new String[] {"--config.names", "a", "--config.names", "b,c"}, List.of("a", "b", "c")));
    }

    @ParameterizedTest
    @MethodSource
    void configNames(String[] args, List<String> expected) {
        assertThat(run(args).configNames()).isEqualTo(expected);
    }

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("50ms", Duration.ofMillis(50)),
                Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("5s", Duration.ofSeconds(5)),
                Arguments.of("1m", Duration.ofSeconds(60)),
                Arguments.of("1m30s", Duration.ofSeconds(90)),
                Arguments.of("1s500ms", Duration.ofMillis(1500)),
                Arguments.of("2h", Duration.ofSeconds(7200)),
                Arguments.of("0s50ms", Duration.ofMillis(50)));
    }

    @ParameterizedTest
    @MethodSource
    void durations(String text, Duration expected) {
        assertThat(run("--drain.interval", text).drainInterval()).isEqualTo(expected);
    }

    static Stream<Arguments> usageErrors() {
        String duration = "': write a whole number and a unit (ms, s, m, h), like 5s, 500ms or 1m30s";
        return Stream.of(
                Arguments.of(new String[] {"--drain.interval", "5"}, "--drain.interval '5" + duration),
                Arguments.of(new String[] {"--drain.interval", "5 s"}, "--drain.interval '5 s" + duration),
                Arguments.of(new String[] {"--drain.interval", "1.5s"}, "--drain.interval '1.5s" + duration),
                Arguments.of(new String[] {"--drain.interval", "-1s"}, "--drain.interval '-1s" + duration),
                Arguments.of(new String[] {"--drain.interval", "5d"}, "--drain.interval '5d" + duration),
                Arguments.of(new String[] {"--drain.interval", ""}, "--drain.interval '" + duration),
                Arguments.of(new String[] {"--drain.interval", "9999999999s"}, "--drain.interval '9999999999s" + duration),
                Arguments.of(new String[] {"--drain.interval", "0s"}, "--drain.interval '0s' must be greater than zero"),
                Arguments.of(new String[] {"--drain.interval", "0ms0s"},
                        "--drain.interval '0ms0s' must be greater than zero"),
                Arguments.of(new String[] {"--drain.interval", "49ms"}, "--drain.interval '49ms' must be at least 50ms:"
                        + " every drain reads every map, and scrapes come seconds apart"),
                Arguments.of(new String[] {"--web.listen-address", "x:99999"},
                        "--web.listen-address 'x:99999': port must be 1..65535"),
                Arguments.of(new String[] {"--web.listen-address", "9435"},
                        "--web.listen-address '9435': no port; write :PORT, HOST:PORT or [V6]:PORT"),
                Arguments.of(new String[] {"--web.listen-address", "::1:9435"},
                        "--web.listen-address '::1:9435': an IPv6 host goes between brackets, like [::1]:9435"),
                Arguments.of(new String[] {"--web.telemetry-path", "metrics"},
                        "--web.telemetry-path 'metrics' must start with / and not be / itself (the status page is there)"),
                Arguments.of(new String[] {"--web.telemetry-path", "/"},
                        "--web.telemetry-path '/' must start with / and not be / itself (the status page is there)"),
                Arguments.of(new String[] {"--config.names", "a,,b"}, "--config.names 'a,,b': a name is empty"),
                Arguments.of(new String[] {"--config.names", "a,b,a"}, "--config.names: 'a' is listed twice"),
                Arguments.of(new String[] {"--capabilities.keep", "cap_bpf,bpf"}, "--capabilities.keep: 'bpf' is not a"
                        + " capability: write it as capabilities(7) does, like cap_bpf or cap_perfmon, or 'none' or 'all'"),
                Arguments.of(new String[] {"--capabilities.keep", ""}, "--capabilities.keep: '' is not a"
                        + " capability: write it as capabilities(7) does, like cap_bpf or cap_perfmon, or 'none' or 'all'"),
                Arguments.of(new String[] {"--no-such-flag"}, "Unknown option: '--no-such-flag'"),
                Arguments.of(new String[] {"runqlat"}, "Unmatched argument at index 0: 'runqlat'"),
                Arguments.of(new String[] {"--config.dir"}, "Missing required parameter for option '--config.dir' (DIR)"));
    }

    @ParameterizedTest
    @MethodSource
    void usageErrors(String[] args, String message) {
        Options.Exit exit = exit(args);

        assertThat(exit.status()).isEqualTo(2);
        assertThat(exit.output()).isEqualTo("ebpf-exporter: " + message + " (see --help)\n");
    }

    @Test
    void help() {
        Options.Exit exit = exit("--help");

        assertThat(exit.status()).isZero();
        assertThat(exit.output())
                .startsWith("Usage: ebpf-exporter [OPTIONS]\n")
                .contains("--config.dir=DIR", "--config.names=NAMES", "--web.listen-address=ADDR",
                        "--web.telemetry-path=PATH", "--drain.interval=DURATION", "--config.check",
                        "--config.strict", "--debug", "--version")
                .contains("(default: :9435)", "(default: /metrics)", "(default: 5s)");
    }

    @Test
    void version() {
        Options.Exit exit = exit("--version");

        assertThat(exit.status()).isZero();
        // Maven filters the version into ebpf-exporter.properties; an unfiltered file would show ${...}.
        assertThat(exit.output()).matches("ebpf-exporter \\d+\\.\\d+\\.\\d+\\S*\n");
    }
}
