package dev.ebpfexporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes and deploy/systemd, checked without a cluster: the manifests hang together
 * (selectors, ports, volumes, kustomize resources), the pod has exactly the capabilities the shipped
 * configs need and no privilege, and the arguments both deployments pass parse with the exporter's
 * own option parser and name shipped configs. The systemd unit passes `systemd-analyze verify`.
 */
class DeploymentManifestsTest {
    private static final Path KUBERNETES = Path.of("../deploy/kubernetes");
    private static final Path UNIT = Path.of("../deploy/systemd/ebpf-exporter.service");
    private static final Path CONFIGS = Path.of("../configs");

    @Test
    void kustomizationResourcesExist() throws IOException {
        for (Object resource : list(load(KUBERNETES.resolve("kustomization.yaml")).get("resources"))) {
            Path path = KUBERNETES.resolve((String) resource);
            assertThat(Files.isRegularFile(path) || Files.isRegularFile(path.resolve("kustomization.yaml")))
                    .as("kustomize resource %s", resource).isTrue();
        }
    }

    @Test
    void daemonSetRunsUnprivilegedWithTheCapabilitiesTheProgramsNeed() throws IOException {
        Map<String, Object> pod = map(map(load(KUBERNETES.resolve("daemonset.yaml")).get("spec")).get("template"));
        Map<String, Object> container = map(list(map(pod.get("spec")).get("containers")).get(0));
        Map<String, Object> security = map(container.get("securityContext"));
        assertThat(security).containsEntry("privileged", false).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true);
        Map<String, Object> capabilities = map(security.get("capabilities"));
        assertThat(list(capabilities.get("drop"))).containsExactly("ALL");
        assertThat(list(capabilities.get("add"))).containsExactlyInAnyOrder("BPF", "PERFMON", "DAC_READ_SEARCH");

        List<Object> volumes = list(map(pod.get("spec")).get("volumes"));
        for (Object mount : list(container.get("volumeMounts"))) {
            assertThat(volumes).as("volume of mount %s", mount)
                    .anyMatch(v -> map(v).get("name").equals(map(mount).get("name")));
        }
    }

    @Test
    void servicesAndMonitorsSelectTheDaemonSetsPodsAndPort() throws IOException {
        Map<String, Object> daemonSet = load(KUBERNETES.resolve("daemonset.yaml"));
        Map<String, Object> podLabels = map(map(map(map(daemonSet.get("spec")).get("template")).get("metadata"))
                .get("labels"));
        assertThat(podLabels).containsAllEntriesOf(map(map(map(daemonSet.get("spec")).get("selector")).get("matchLabels")));
        Map<String, Object> service = map(load(KUBERNETES.resolve("service.yaml")).get("spec"));
        assertThat(podLabels).containsAllEntriesOf(map(service.get("selector")));
        assertThat(map(list(service.get("ports")).get(0))).containsEntry("targetPort", "metrics");
        Map<String, Object> serviceMonitor = map(load(KUBERNETES.resolve("servicemonitor.yaml")).get("spec"));
        assertThat(map(list(serviceMonitor.get("endpoints")).get(0))).containsEntry("port", "metrics");
        Map<String, Object> podMonitor = map(load(KUBERNETES.resolve("podmonitor.yaml")).get("spec"));
        assertThat(podLabels).containsAllEntriesOf(map(map(podMonitor.get("selector")).get("matchLabels")));
        assertThat(map(list(podMonitor.get("podMetricsEndpoints")).get(0))).containsEntry("port", "metrics");
    }

    @Test
    void daemonSetArgumentsAreValidFlagsNamingShippedConfigs() throws IOException {
        Map<String, Object> pod = map(map(load(KUBERNETES.resolve("daemonset.yaml")).get("spec")).get("template"));
        List<String> args = list(map(list(map(pod.get("spec")).get("containers")).get(0)).get("args")).stream()
                .map(String.class::cast).toList();
        assertParsesWithShippedConfigs(args);
    }

    @Test
    void systemdUnitVerifiesAndPassesValidFlags() throws Exception {
        String unit = Files.readString(UNIT);
        String execStart = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        List<String> words = Arrays.asList(execStart.split("\\s+"));
        assertParsesWithShippedConfigs(words.subList(words.indexOf("-jar") + 2, words.size()));
        assertThat(unit).contains("AmbientCapabilities=CAP_BPF CAP_PERFMON CAP_DAC_READ_SEARCH")
                .contains("NoNewPrivileges=yes");

        Process verify = new ProcessBuilder("systemd-analyze", "verify", UNIT.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String report = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(report).isZero();
        assertThat(report).as("systemd-analyze verify warnings").isEmpty();
    }

    private static void assertParsesWithShippedConfigs(List<String> args) {
        Options.Parsed parsed = Options.parse(args.toArray(String[]::new));
        assertThat(parsed).as("%s", args).isInstanceOf(Options.Run.class);
        for (String name : ((Options.Run) parsed).options().configNames()) {
            assertThat(CONFIGS.resolve(name + ".yaml")).as("config %s", name).exists();
        }
    }

    private static Map<String, Object> load(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return new ArrayList<>((List<Object>) value);
    }
}
