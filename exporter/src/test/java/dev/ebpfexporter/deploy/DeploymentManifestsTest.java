package dev.ebpfexporter.deploy;

import static dev.ebpfexporter.deploy.DeployFiles.CONFIGS;
import static dev.ebpfexporter.deploy.DeployFiles.DEPLOY;
import static dev.ebpfexporter.deploy.DeployFiles.KUBERNETES_BASE;
import static dev.ebpfexporter.deploy.DeployFiles.SYSTEMD_UNIT;
import static dev.ebpfexporter.deploy.DeployFiles.list;
import static dev.ebpfexporter.deploy.DeployFiles.map;
import static dev.ebpfexporter.deploy.DeployFiles.only;
import static dev.ebpfexporter.deploy.DeployFiles.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/: the kustomize base and its examples build with kubectl; the built-in objects survive
 * kubectl's typed decoding unchanged (a misspelt or misplaced field would be dropped); the pod is
 * unprivileged with only CAP_BPF + CAP_PERFMON, a read-only root and read-only host mounts; every
 * launcher runs the JVM flags of deploy/jvm.options; memory is sized from measured RSS and what those
 * flags cap; selectors, ports and the job the rules select connect; every flag the DaemonSet, the systemd
 * unit and the image pass is one the exporter accepts and every config they name is shipped; the
 * unit passes {@code systemd-analyze verify}. Whether those capabilities suffice on a real kernel is
 * DeploymentCapabilitiesIT's job.
 */
class DeploymentManifestsTest {
    private static final Path EXAMPLES = DEPLOY.resolve("kubernetes/examples");
    /**
     * RSS with deploy/jvm.options (docs/benchmarks.md, "Footprint"): the peak of 10 minutes idle with
     * every bundled config, and holding 10,000 and 100,000 series.
     */
    private static final double IDLE_RSS_MIB = 80.8;
    private static final double RSS_AT_10K_SERIES_MIB = 95;
    private static final double RSS_AT_100K_SERIES_MIB = 165;
    /** Thread stacks, libbpf, malloc arenas, read buffers: what the JVM flags do not cap. */
    private static final double UNCAPPED_MIB = 48;
    private static final String ARGFILE = "@" + DeployFiles.INSTALLED_JVM_OPTIONS;

    @Test
    void baseAndExamplesBuildWithKubectlKustomize() throws Exception {
        assertThat(kinds(DeployFiles.kustomize(KUBERNETES_BASE)))
                .containsExactlyInAnyOrder("ConfigMap", "Service", "DaemonSet", "ServiceMonitor", "PrometheusRule");
        assertThat(kinds(DeployFiles.kustomize(EXAMPLES.resolve("podmonitor"))))
                .containsExactlyInAnyOrder("ConfigMap", "DaemonSet", "PodMonitor", "PrometheusRule");
        List<Map<String, Object>> byCgroup = DeployFiles.kustomize(EXAMPLES.resolve("run-queue-by-cgroup"));
        assertThat(DeployFiles.exporterContainer(byCgroup)).containsEntry("image", "registry.example.com/ebpf-exporter:0.1.0");
        for (Path example : examples()) {
            assertThat(DeployFiles.kustomize(example)).allSatisfy(object ->
                    assertThat(path(object, "metadata", "namespace")).as("%s", object.get("kind")).isEqualTo("monitoring"));
        }
    }

    @Test
    void builtInObjectsSurviveKubectlsTypedDecodingUnchanged() throws Exception {
        List<Map<String, Object>> base = DeployFiles.kustomize(KUBERNETES_BASE);
        Map<String, Object> daemonSet = only(base, "DaemonSet");
        // set image/selector decode into the Go API types and print the result; a field the type
        // does not have is gone from the output. The probe image is the one change made.
        Map<String, Object> decoded = kubectlLocal(daemonSet, "set", "image", "ebpf-exporter=probe.invalid/probe:1");
        map(list(path(decoded, "spec", "template", "spec", "containers")).get(0))
                .put("image", DeployFiles.exporterContainer(base).get("image"));
        assertThat(missingFrom(daemonSet, decoded, "DaemonSet")).isEmpty();

        Map<String, Object> service = only(base, "Service");
        String selector = "app.kubernetes.io/name=" + map(path(service, "spec", "selector")).get("app.kubernetes.io/name");
        assertThat(missingFrom(service, kubectlLocal(service, "set", "selector", selector), "Service")).isEmpty();
    }

    @Test
    void podIsUnprivilegedWithOnlyBpfPerfmonAndSyslog() throws Exception {
        List<Map<String, Object>> base = DeployFiles.kustomize(KUBERNETES_BASE);
        Map<String, Object> podSpec = map(path(only(base, "DaemonSet"), "spec", "template", "spec"));
        assertThat(podSpec).containsEntry("hostPID", true).doesNotContainKeys("hostNetwork", "hostIPC");
        Map<String, Object> security = map(DeployFiles.exporterContainer(base).get("securityContext"));
        assertThat(security).containsEntry("privileged", false).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true).containsEntry("runAsUser", 0);
        assertThat(list(path(security, "capabilities", "drop"))).containsExactly("ALL");
        assertThat(list(path(security, "capabilities", "add"))).containsExactlyInAnyOrder("BPF", "PERFMON", "SYSLOG");
        assertThat(path(security, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
    }

    /** A liveness probe on / would answer 200 while the drain is dead (issue 13, defect 3). */
    @Test
    void probesUseTheHealthEndpoints() throws Exception {
        Map<String, Object> container = DeployFiles.exporterContainer(DeployFiles.kustomize(KUBERNETES_BASE));
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/-/healthy");
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/-/ready");
    }

    @Test
    void hostMountsAreReadOnlyAndTmpIsTheOnlyWritableDirectory() throws Exception {
        List<Map<String, Object>> base = DeployFiles.kustomize(KUBERNETES_BASE);
        List<Object> volumes = list(path(only(base, "DaemonSet"), "spec", "template", "spec", "volumes"));
        List<String> hostPaths = new ArrayList<>();
        for (Object entry : list(DeployFiles.exporterContainer(base).get("volumeMounts"))) {
            Map<String, Object> mount = map(entry);
            Map<String, Object> volume = volumes.stream().map(DeployFiles::map)
                    .filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
            if (volume.containsKey("hostPath")) {
                assertThat(mount).as("%s", mount).containsEntry("readOnly", true)
                        .containsEntry("mountPath", path(volume, "hostPath", "path"));
                hostPaths.add((String) mount.get("mountPath"));
            } else {
                assertThat(volume).containsKey("emptyDir");
                assertThat(mount).containsEntry("mountPath", "/tmp").doesNotContainKey("readOnly");
            }
        }
        assertThat(hostPaths).containsExactlyInAnyOrder("/sys/kernel/btf", "/sys/kernel/tracing", "/sys/fs/cgroup");
    }

    @Test
    void everyLauncherRunsDeployJvmOptions() throws Exception {
        assertThat(DeployFiles.containerJvmOptions(DeployFiles.kustomize(KUBERNETES_BASE))).containsExactly(ARGFILE);
        assertThat(DeployFiles.unitJvmOptions()).containsExactly(ARGFILE);
        assertThat(Files.readString(DEPLOY.resolve("container/Containerfile")))
                .containsPattern("(?m)^COPY deploy/jvm\\.options " + DeployFiles.INSTALLED_JVM_OPTIONS + "$")
                .containsPattern("(?m)^ENV JDK_JAVA_OPTIONS=\"" + ARGFILE + "\"$");
        assertThat(Files.readString(Path.of("../scripts/run.sh"))).containsPattern("(?m)^exec java @deploy/jvm\\.options ");
        assertThat(DeployFiles.jvmOptions()).contains("-XX:+UseSerialGC", "-Djna.tmpdir=/tmp")
                .allSatisfy(flag -> assertThat(flag).startsWith("-"));
    }

    @Test
    void memoryIsSizedFromMeasuredRssAndWhatTheJvmFlagsCap() throws Exception {
        Map<String, Double> flags = jvmFlagsFinal(DeployFiles.local(List.of(ARGFILE)));
        double capped = (flags.get("MaxHeapSize") + flags.get("MaxMetaspaceSize") + flags.get("ReservedCodeCacheSize"))
                / (1024.0 * 1024);
        Map<String, Object> resources =
                map(DeployFiles.exporterContainer(DeployFiles.kustomize(KUBERNETES_BASE)).get("resources"));
        double request = mebibytes(path(resources, "requests", "memory"));
        double limit = mebibytes(path(resources, "limits", "memory"));
        assertThat(request).isGreaterThanOrEqualTo(RSS_AT_10K_SERIES_MIB);
        assertThat(limit).isGreaterThanOrEqualTo(2 * IDLE_RSS_MIB).isGreaterThanOrEqualTo(RSS_AT_100K_SERIES_MIB)
                .isGreaterThanOrEqualTo(capped + UNCAPPED_MIB);
        assertThat(DeployFiles.unitSettings().get("MemoryMax")).containsExactly((int) limit + "M");
    }

    @Test
    void selectorsAndPortsConnect() throws Exception {
        List<Map<String, Object>> base = DeployFiles.kustomize(KUBERNETES_BASE);
        Map<String, Object> daemonSet = only(base, "DaemonSet");
        Map<String, Object> podLabels = map(path(daemonSet, "spec", "template", "metadata", "labels"));
        assertThat(podLabels).containsAllEntriesOf(map(path(daemonSet, "spec", "selector", "matchLabels")));
        Map<String, Object> containerPort = map(list(DeployFiles.exporterContainer(base).get("ports")).get(0));
        assertThat(DeployFiles.exporterArgs(base)).contains("--web.listen-address=:" + containerPort.get("containerPort"));

        Map<String, Object> service = only(base, "Service");
        assertThat(podLabels).containsAllEntriesOf(map(path(service, "spec", "selector")));
        Map<String, Object> servicePort = map(list(path(service, "spec", "ports")).get(0));
        assertThat(servicePort).containsEntry("targetPort", containerPort.get("name"));
        Map<String, Object> serviceMonitor = only(base, "ServiceMonitor");
        assertThat(map(path(service, "metadata", "labels")))
                .containsAllEntriesOf(map(path(serviceMonitor, "spec", "selector", "matchLabels")));
        assertThat(map(list(path(serviceMonitor, "spec", "endpoints")).get(0))).containsEntry("port", servicePort.get("name"));

        Map<String, Object> podMonitor = only(DeployFiles.kustomize(EXAMPLES.resolve("podmonitor")), "PodMonitor");
        assertThat(podLabels).containsAllEntriesOf(map(path(podMonitor, "spec", "selector", "matchLabels")));
        assertThat(map(list(path(podMonitor, "spec", "podMetricsEndpoints")).get(0)))
                .containsEntry("port", containerPort.get("name"));

        // Prometheus's job is the value of the jobLabel label: the job every rule selects.
        String job = "job=\"" + map(path(service, "metadata", "labels")).get(path(serviceMonitor, "spec", "jobLabel")) + "\"";
        assertThat("job=\"" + podLabels.get(path(podMonitor, "spec", "jobLabel")) + "\"").isEqualTo(job);
        assertThat(new Yaml().dump(only(base, "PrometheusRule"))).contains(job);
    }

    @Test
    void everyDeploymentPassesFlagsTheExporterAcceptsAndNamesShippedConfigs() throws Exception {
        List<List<String>> commandLines = new ArrayList<>();
        commandLines.add(DeployFiles.exporterArgs(DeployFiles.kustomize(KUBERNETES_BASE)));
        for (Path example : examples()) {
            commandLines.add(DeployFiles.exporterArgs(DeployFiles.kustomize(example)));
        }
        commandLines.add(DeployFiles.unitExporterArgs());
        commandLines.add(containerfileCommand());
        for (List<String> args : commandLines) {
            assertExporterAccepts(args);
            args.stream().filter(a -> a.startsWith("--config.names=")).forEach(a -> {
                for (String name : a.substring("--config.names=".length()).split(",")) {
                    assertThat(CONFIGS.resolve(name + ".yaml")).as("config %s", name).isRegularFile();
                }
            });
        }
        assertThat(commandLines.get(0)).containsExactly("--web.listen-address=:9435",
                "--config.names=biolatency,direct-reclaim,hardirqs,numa,oomkill,page-faults,run-queue-latency,softirq-latency,tcp-retransmits,timer-latency");
    }

    @Test
    void systemdUnitVerifiesAndIsHardened() throws Exception {
        assertThat(DeployFiles.run(List.of("systemd-analyze", "verify", SYSTEMD_UNIT.toAbsolutePath().toString()), ""))
                .as("systemd-analyze verify output").isEmpty();
        Map<String, List<String>> unit = DeployFiles.unitSettings();
        List<String> capabilities = List.of("CAP_BPF", "CAP_PERFMON", "CAP_DAC_READ_SEARCH", "CAP_SYSLOG");
        assertThat(unit.get("AmbientCapabilities").get(0).split(" ")).containsExactlyElementsOf(capabilities);
        assertThat(unit.get("CapabilityBoundingSet").get(0).split(" ")).containsExactlyElementsOf(capabilities);
        for (String setting : List.of("DynamicUser=yes", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ProtectHome=yes", "PrivateTmp=yes", "Restart=on-failure", "RequiresMountsFor=/sys/kernel/tracing")) {
            String[] keyValue = setting.split("=", 2);
            assertThat(unit.get(keyValue[0])).as(keyValue[0]).containsExactly(keyValue[1]);
        }
        assertThat(unit).doesNotContainKeys("ReadWritePaths", "User");
    }

    @Test
    void containerImageIsDebianBookwormWithTheJreLibbpfAndTheBuiltJar() throws IOException {
        String containerfile = Files.readString(DEPLOY.resolve("container/Containerfile"));
        assertThat(containerfile).containsPattern("(?m)^FROM debian:bookworm(-slim)?$")
                .containsPattern("apt-get install -y --no-install-recommends openjdk-17-jre-headless libbpf1\\b")
                .containsPattern("(?m)^COPY exporter/target/ebpf-exporter\\.jar /opt/ebpf-exporter/ebpf-exporter\\.jar$");
    }

    /**
     * The exporter's own parser and option checks, through its main class: given the arguments plus
     * an empty --config.dir and --config.check it exits 2 on any usage error, and otherwise gets as
     * far as finding no config files (exit 1), loading nothing into the kernel.
     */
    private static void assertExporterAccepts(List<String> args) throws Exception {
        Path empty = Files.createTempDirectory("no-configs");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "dev.ebpfexporter.Main"));
        command.addAll(args);
        command.addAll(List.of("--config.dir", empty.toString(), "--config.check"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", args, output).isEqualTo(1);
        assertThat(output).as("%s", args).contains("no config could be loaded");
        Files.delete(empty);
    }

    /** The numeric flags of the JVM started with {@code options}, as it settled them (-XX:+PrintFlagsFinal). */
    private static Map<String, Double> jvmFlagsFinal(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(options);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Map<String, Double> flags = new HashMap<>();
        Matcher matcher = Pattern.compile("(?m)^\\s*\\S+\\s+(\\w+)\\s+= (\\d+)\\s").matcher(DeployFiles.run(command, ""));
        while (matcher.find()) {
            flags.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return flags;
    }

    private static List<String> containerfileCommand() throws IOException {
        String containerfile = Files.readString(DEPLOY.resolve("container/Containerfile"));
        String cmd = containerfile.lines().filter(l -> l.startsWith("CMD ")).findFirst().orElseThrow();
        return list(new Yaml().load(cmd.substring("CMD ".length()))).stream().map(String.class::cast).toList();
    }

    private static Map<String, Object> kubectlLocal(Map<String, Object> object, String... command) throws Exception {
        List<String> kubectl = new ArrayList<>(List.of("kubectl"));
        kubectl.addAll(Arrays.asList(command));
        kubectl.addAll(List.of("--local", "-o", "yaml", "-f", "-"));
        return map(new Yaml().load(DeployFiles.run(kubectl, new Yaml().dump(object))));
    }

    /** Paths of {@code expected}'s leaves that {@code actual} lacks or holds with another value. */
    private static List<String> missingFrom(Object expected, Object actual, String at) {
        if (expected instanceof Map<?, ?> expectedMap) {
            if (!(actual instanceof Map<?, ?> actualMap)) {
                return List.of(at);
            }
            return expectedMap.entrySet().stream()
                    .flatMap(e -> missingFrom(e.getValue(), actualMap.get(e.getKey()), at + "." + e.getKey()).stream())
                    .toList();
        }
        if (expected instanceof List<?> expectedList) {
            if (!(actual instanceof List<?> actualList) || actualList.size() < expectedList.size()) {
                return List.of(at);
            }
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < expectedList.size(); i++) {
                missing.addAll(missingFrom(expectedList.get(i), actualList.get(i), at + "[" + i + "]"));
            }
            return missing;
        }
        return Objects.equals(String.valueOf(expected), String.valueOf(actual)) ? List.of() : List.of(at);
    }

    private static double mebibytes(Object quantity) {
        String text = (String) quantity;
        assertThat(text).as("memory quantity").endsWith("Mi");
        return Double.parseDouble(text.substring(0, text.length() - 2));
    }

    private static List<Object> kinds(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> o.get("kind")).toList();
    }

    private static List<Path> examples() throws IOException {
        try (Stream<Path> children = Files.list(EXAMPLES)) {
            return children.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
