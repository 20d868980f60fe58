package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.bpf.Capability;
import dev.ebpfexporter.deploy.DeployFiles;
import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The capabilities deploy/ grants are enough, and each one is needed: the exporter runs
 * {@code --config.check} (load and attach every selected program, then exit) with exactly the
 * credentials each deployment gives it, made with setpriv, and again with each capability taken
 * away, which must fail. The DaemonSet runs as uid 0 with a bounding set of its added
 * capabilities (what a container runtime does for drop: [ALL], add: [...]); the systemd unit runs
 * as an unprivileged user holding its AmbientCapabilities (what DynamicUser= does). Both with the
 * JVM flags and exporter arguments their files pass (their installed jvm.options read from deploy/).
 */
@KernelTest
class DeploymentCapabilitiesIT {
    private static final String JAR = System.getProperty("exporter.jar", "target/ebpf-exporter.jar");
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
    private static final String NOBODY = "65534";
    private static final List<String> DEFAULT_KEEP = List.of("bpf", "perfmon", "syslog", "dac_read_search");

    @Test
    void daemonSetCapabilitiesLoadItsConfigsAndEachIsNeeded() throws Exception {
        List<Map<String, Object>> base = DeployFiles.kustomize(DeployFiles.KUBERNETES_BASE);
        List<String> capabilities = DeployFiles.list(DeployFiles.path(DeployFiles.exporterContainer(base),
                "securityContext", "capabilities", "add")).stream().map(c -> ((String) c).toLowerCase(Locale.ROOT)).toList();
        List<String> jvm = DeployFiles.local(DeployFiles.containerJvmOptions(base));
        List<String> args = DeployFiles.exporterArgs(base);

        assertCheck("daemonset", asRootWith(capabilities), jvm, args, 0);
        for (String capability : capabilities) {
            assertCheck("daemonset-without-" + capability, asRootWith(without(capabilities, capability)), jvm, args, 1);
        }
    }

    @Test
    void systemdUnitCapabilitiesLoadEveryConfigAsAnUnprivilegedUserAndEachIsNeeded() throws Exception {
        List<String> capabilities = Arrays.stream(DeployFiles.unitSettings().get("AmbientCapabilities").get(0).split(" "))
                .map(c -> c.substring("CAP_".length()).toLowerCase(Locale.ROOT)).toList();
        List<String> jvm = DeployFiles.local(DeployFiles.unitJvmOptions());
        List<String> args = DeployFiles.unitExporterArgs();

        assertCheck("systemd", asUnprivilegedUserWith(capabilities), jvm, args, 0);
        for (String capability : capabilities) {
            assertCheck("systemd-without-" + capability, asUnprivilegedUserWith(without(capabilities, capability)),
                    jvm, args, 1);
        }
    }

    /**
     * The daemon itself, not a check, under each deployment's credentials: once attached every
     * thread holds what the deployment grants and the default --capabilities.keep names, passes
     * nothing on, has no_new_privs, and the metrics keep coming.
     */
    @Test
    void underEachDeploymentsCredentialsTheDaemonDropsToTheKeptSetAndServes() throws Exception {
        List<String> daemonSet = DeployFiles.list(DeployFiles.path(DeployFiles.exporterContainer(
                DeployFiles.kustomize(DeployFiles.KUBERNETES_BASE)), "securityContext", "capabilities", "add"))
                .stream().map(c -> ((String) c).toLowerCase(Locale.ROOT)).toList();
        List<String> unit = Arrays.stream(DeployFiles.unitSettings().get("AmbientCapabilities").get(0).split(" "))
                .map(c -> c.substring("CAP_".length()).toLowerCase(Locale.ROOT)).toList();

        assertDropped("daemonset", asRootWith(daemonSet), daemonSet);
        assertDropped("systemd", asUnprivilegedUserWith(unit), unit);
    }

    /** What the deployment grants of the default --capabilities.keep set, as /proc/PID/status shows it. */
    private static String keptOf(List<String> granted) {
        long mask = 0;
        for (String capability : granted) {
            if (DEFAULT_KEEP.contains(capability)) {
                mask |= 1L << Capability.parse("cap_" + capability).ordinal();
            }
        }
        return String.format("%016x", mask);
    }

    private static void assertDropped(String name, List<String> credentials, List<String> granted) throws Exception {
        String kept = keptOf(granted);
        List<String> command = new ArrayList<>(credentials);
        int port = ExporterProcess.freePort();
        command.addAll(List.of("java", "-jar", JAR, "--config.names", "page-faults",
                "--web.listen-address", "127.0.0.1:" + port));
        try (ExporterProcess exporter = ExporterProcess.startCommand("DeploymentCapabilitiesIT-drop-" + name, command,
                port).awaitLogged("ready in")) {
            assertThat(ThreadStatus.ofEveryThread(exporter.pid())).as(name).allSatisfy(status -> assertThat(status)
                    .containsEntry("CapEff", kept).containsEntry("CapPrm", kept).containsEntry("CapInh", "0000000000000000")
                    .containsEntry("CapAmb", "0000000000000000").containsEntry("NoNewPrivs", "1"));
            assertThat(exporter.scrapeAfterADrainBegunAfter(Instant.now()))
                    .anySatisfy(series -> assertThat(series.name()).isEqualTo("ebpf_exporter_page_faults_total"));
        }
    }

    /** The kernel lets only CAP_SYS_ADMIN turn on run-time stats: the daemon says so and runs on. */
    @Test
    void bpfStatsWithoutSysAdminWarnsAndTheDaemonRunsOn() throws Exception {
        List<String> command = new ArrayList<>(asRootWith(List.of("bpf", "perfmon", "dac_read_search")));
        int port = ExporterProcess.freePort();
        command.addAll(List.of("java", "-jar", JAR, "--config.names", "page-faults", "--bpf.stats",
                "--web.listen-address", "127.0.0.1:" + port));
        try (ExporterProcess exporter = ExporterProcess.startCommand("DeploymentCapabilitiesIT-bpf-stats", command, port)
                .awaitReady()) {
            assertThat(exporter.log()).contains("--bpf.stats: cannot turn on BPF run-time stats")
                    .contains("bpf_enable_stats(BPF_STATS_RUN_TIME): EPERM").contains("CAP_SYS_ADMIN");
            // The page says the stats are off unless the host's sysctl turned them on meanwhile.
            boolean sysctlOn = Files.readString(Path.of("/proc/sys/kernel/bpf_stats_enabled")).strip().equals("1");
            assertThat(exporter.get("/", "text/html").body().contains("id=\"stats-off\"")).isEqualTo(!sysctlOn);
            assertThat(exporter.scrapeText()).contains("ebpf_exporter_page_faults_total");
        }
    }

    private static void assertCheck(String name, List<String> credentials, List<String> jvm, List<String> args,
            int expectedExit) throws Exception {
        List<String> command = new ArrayList<>(credentials);
        command.add("java");
        command.addAll(jvm);
        command.addAll(List.of("-jar", JAR));
        command.addAll(args);
        command.add("--config.check");
        try (ExporterProcess exporter = ExporterProcess.startCommand("DeploymentCapabilitiesIT-" + name, command, 0)) {
            assertThat(exporter.awaitExit(CHECK_TIMEOUT)).as("%s: %s%n%s", name, command, exporter.log())
                    .isEqualTo(expectedExit);
            if (expectedExit != 0) {
                // The kernel refuses (EPERM, EACCES), or the ksym decoder finds kallsyms hidden.
                assertThat(exporter.log()).as(name).containsAnyOf("EPERM", "EACCES", "grant CAP_SYSLOG");
            }
        }
    }

    /** uid 0 whose capabilities are only {@code capabilities}: root's permitted set is its bounding set. */
    private static List<String> asRootWith(List<String> capabilities) {
        return List.of("setpriv", "--bounding-set=" + capabilitySet(capabilities), "--inh-caps=-all", "--");
    }

    /** An unprivileged uid keeping {@code capabilities} across exec as ambient capabilities. */
    private static List<String> asUnprivilegedUserWith(List<String> capabilities) {
        String set = capabilitySet(capabilities);
        return List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "--inh-caps=" + set, "--ambient-caps=" + set, "--bounding-set=" + set, "--");
    }

    private static String capabilitySet(List<String> capabilities) {
        StringBuilder set = new StringBuilder("-all");
        capabilities.forEach(c -> set.append(",+").append(c));
        return set.toString();
    }

    private static List<String> without(List<String> capabilities, String removed) {
        return capabilities.stream().filter(c -> !c.equals(removed)).toList();
    }
}
