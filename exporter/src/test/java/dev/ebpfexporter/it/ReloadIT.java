package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.testing.BpfTool;
import dev.ebpfexporter.testing.HeldBpf;
import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload on the real kernel (SIGHUP, POST /-/reload). The test configs reload-&lt;name&gt; each count,
 * in their own map, the getpgid(V) calls of comm "reloadit" keyed by V, so the helper's calls give
 * every config the same exact count: a config that kept running shows all calls since start, one
 * loaded anew only those since its reload.
 */
@KernelTest
class ReloadIT {
    private static final String COMM = "reloadit";
    private static final String VALUE = "7";
    private static final TestHelper GETPGID = new TestHelper("pinned-getpgid");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SUCCESSFUL = "ebpf_exporter_config_last_reload_successful";
    private static final String SUCCESS_TIME = "ebpf_exporter_config_last_reload_success_timestamp_seconds";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final int WARM_UP_RELOADS = 50;
    private static final int MEASURED_RELOADS = 200;

    @TempDir
    Path dir;

    @Test
    void anUnchangedConfigKeepsCountingAcrossAReloadThatAddsChangesAndRemovesOthers() throws Exception {
        for (String name : List.of("reload-kept", "reload-swapped", "reload-removed")) {
            TestConfigs.copyTest(dir, name);
        }
        try (ExporterProcess exporter = start("reload-add-change-remove", "--web.enable-lifecycle")) {
            call(5);
            List<Series> before = exporter.scrapeAfterADrainBegunAfter(Instant.now());
            assertThat(calls(before, "kept")).isEqualTo(5);
            assertThat(calls(before, "swapped")).isEqualTo(5);
            assertThat(calls(before, "removed")).isEqualTo(5);
            String keptProgram = heldProgram(exporter, "count_kept");
            String swappedProgram = heldProgram(exporter, "count_swapped");

            Files.writeString(dir.resolve("reload-swapped.yaml"), "# changed\n", StandardOpenOption.APPEND);
            Files.delete(dir.resolve("reload-removed.yaml"));
            Files.delete(dir.resolve("reload-removed.bpf.o"));
            TestConfigs.copyTest(dir, "reload-added");
            HttpResponse<String> reload = post(exporter.port(), "/-/reload");

            assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
            assertThat(reload.body()).isEqualTo("reloaded: 1 added, 1 changed, 1 removed, 1 unchanged\n");
            List<Series> right = exporter.scrape(); // the reload drained before it answered
            assertThat(calls(right, "kept")).as("the unchanged config's count right after the reload").isEqualTo(5);
            assertThat(Series.values(right, "ebpf_exporter_reload_swapped_calls_total", Map.of()))
                    .as("the changed config, loaded anew: nothing counted yet").isEmpty();
            assertThat(Series.values(right, "ebpf_exporter_reload_removed_calls_total", Map.of())).isEmpty();
            assertThat(Series.values(right, "ebpf_exporter_config_loaded", Map.of("config", "reload-removed")))
                    .isEmpty();
            assertThat(heldProgram(exporter, "count_kept")).as("the unchanged config's program").isEqualTo(keptProgram);
            assertThat(heldProgram(exporter, "count_swapped")).isNotEqualTo(swappedProgram);
            assertThat(BpfTool.stillLoaded("prog", Set.of(swappedProgram))).as("the replaced program").isEmpty();

            call(3);
            List<Series> after = exporter.scrapeAfterADrainBegunAfter(Instant.now());
            assertThat(calls(after, "kept")).isEqualTo(8);
            assertThat(calls(after, "swapped")).isEqualTo(3);
            assertThat(calls(after, "added")).isEqualTo(3);
            assertThat(Series.values(after, "ebpf_exporter_reload_removed_calls_total", Map.of())).isEmpty();
            assertThat(Series.sum(after, SUCCESSFUL, Map.of())).isEqualTo(1);
        }
    }

    @Test
    void aBrokenNewVersionLeavesTheRunningOneInPlaceAndSaysSo() throws Exception {
        TestConfigs.copyTest(dir, "reload-kept");
        TestConfigs.copyTest(dir, "reload-swapped");
        String original = Files.readString(dir.resolve("reload-swapped.yaml"));
        try (ExporterProcess exporter = start("reload-broken", "--web.enable-lifecycle")) {
            call(2);
            double started = Series.sum(exporter.scrapeAfterADrainBegunAfter(Instant.now()), SUCCESS_TIME, Map.of());
            assertThat(started).as("set by the start-up load").isPositive();

            Path yaml = dir.resolve("reload-swapped.yaml");
            Files.writeString(yaml, "metrics:\n  counters:\n    - help: a counter without a name\n");
            // A second new config whose metric is already the running one's.
            Files.writeString(dir.resolve("reload-clash.yaml"), Files.readString(dir.resolve("reload-kept.yaml")));
            Files.copy(dir.resolve("reload-kept.bpf.o"), dir.resolve("reload-clash.bpf.o"));
            HttpResponse<String> reload = post(exporter.port(), "/-/reload");

            assertThat(reload.statusCode()).isEqualTo(500);
            assertThat(reload.body()).startsWith("reload failed for [reload-clash, reload-swapped]")
                    .contains(yaml + ":3:").contains("a name already taken by config 'reload-kept'");
            assertThat(exporter.log()).contains("config 'reload-swapped': reload failed, still running the previous"
                    + " version: " + yaml + ":3:");
            String page = exporter.get("/", "text/html").body();
            assertThat(page).contains("reload failed: " + yaml + ":3:")
                    .contains(", still running the previous version");
            call(3);
            List<Series> broken = exporter.scrapeAfterADrainBegunAfter(Instant.now());
            assertThat(calls(broken, "swapped")).as("the previous version still counts").isEqualTo(5);
            assertThat(calls(broken, "kept")).isEqualTo(5);
            assertThat(Series.sum(broken, SUCCESSFUL, Map.of())).isZero();
            assertThat(Series.sum(broken, SUCCESS_TIME, Map.of())).isEqualTo(started);
            assertThat(Series.sum(broken, "ebpf_exporter_config_loaded", Map.of("config", "reload-swapped"))).isEqualTo(1);
            assertThat(Series.sum(broken, "ebpf_exporter_config_loaded", Map.of("config", "reload-clash"))).isZero();

            // Back to the running version's files: nothing to load, the counts go on, and all is well.
            Files.writeString(yaml, original);
            Files.delete(dir.resolve("reload-clash.yaml"));
            HttpResponse<String> fixed = post(exporter.port(), "/-/reload");

            assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
            assertThat(fixed.body()).isEqualTo("reloaded: 0 added, 0 changed, 0 removed, 2 unchanged\n");
            List<Series> after = exporter.scrape();
            assertThat(calls(after, "swapped")).isEqualTo(5);
            assertThat(Series.sum(after, SUCCESSFUL, Map.of())).isEqualTo(1);
            assertThat(Series.sum(after, SUCCESS_TIME, Map.of())).isGreaterThan(started);
            assertThat(exporter.get("/", "text/html").body()).doesNotContain("reload failed");
        }
    }

    @Test
    void sighupReloadsAndTheProcessKeepsRunningUntilSigterm() throws Exception {
        TestConfigs.copyTest(dir, "reload-kept");
        try (ExporterProcess exporter = start("reload-sighup")) {
            call(1);
            TestConfigs.copyTest(dir, "reload-added");

            sighup(exporter);
            exporter.awaitLogged("reload done: 1 added, 0 changed, 0 removed, 1 unchanged");
            call(1);
            List<Series> after = exporter.scrapeAfterADrainBegunAfter(Instant.now());

            assertThat(calls(after, "kept")).isEqualTo(2);
            assertThat(calls(after, "added")).isEqualTo(1);
            sighup(exporter); // nothing changed: a reload that touches nothing
            exporter.awaitLogged("reload done: 0 added, 0 changed, 0 removed, 2 unchanged");
            exporter.sigterm();
            assertThat(exporter.awaitExit(EXIT_TIMEOUT)).as(exporter.log()).isZero();
        }
    }

    @Test
    void theReloadEndpointIsOffWithoutTheFlagAndBehindBasicAuthWithIt() throws Exception {
        TestConfigs.copyTest(dir, "reload-kept");
        try (ExporterProcess exporter = start("reload-endpoint-off")) {
            HttpResponse<String> reload = post(exporter.port(), "/-/reload");

            assertThat(reload.statusCode()).isEqualTo(403);
            assertThat(reload.body()).contains("--web.enable-lifecycle");
            assertThat(exporter.get("/-/reload", "text/plain").statusCode()).isEqualTo(405);
        }
        String hash = OpenBSDBCrypt.generate("2y", "scrape".getBytes(StandardCharsets.UTF_8), new byte[16], 4);
        Path web = Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  prometheus: " + hash + "\n");
        try (ExporterProcess exporter = ExporterProcess.start("reload-endpoint-auth", "--config.dir", dir.toString(),
                "--web.enable-lifecycle", "--web.config.file", web.toString()).awaitLogged("ready in")) {
            String credentials = "Basic " + Base64.getEncoder().encodeToString(
                    "prometheus:scrape".getBytes(StandardCharsets.UTF_8));

            assertThat(post(exporter.port(), "/-/reload").statusCode()).isEqualTo(401);
            HttpResponse<String> authorized = post(exporter.port(), "/-/reload", "Authorization", credentials);
            assertThat(authorized.statusCode()).as(authorized.body()).isEqualTo(200);
        }
    }

    /**
     * 200 reloads, each swapping in a new version of one config, under the deployments' JVM flags,
     * after 50 that warm the JVM up (it is still loading and compiling for reloads before then).
     * What the process holds (programs, links, maps, file descriptors) is the same after the last as
     * after the warm-up: a leaked version would hold 4 descriptors each time. So are the bytes malloc
     * has handed out and the Java objects reachable (see {@link JvmMemory}), within 20 and 10 KiB a
     * reload: on a quiet 2-CPU host both stayed flat over 400 reloads (malloc 16.0-18.5 MiB, objects
     * a sawtooth within 0.8 MiB) while RSS crept 5 MiB on memory malloc retains. A leak planted to
     * check this, 32 KiB of native memory a reload, grew malloc's figure 5.0 MiB over the 200
     * measured; one of 16 KiB of Java objects, the reachable objects 2.9 MiB.
     */
    @Test
    void twoHundredReloadsLeakNothing() throws Exception {
        TestConfigs.copyTest(dir, "reload-kept");
        TestConfigs.copyTest(dir, "reload-swapped");
        Path yaml = dir.resolve("reload-swapped.yaml");
        String version = Files.readString(yaml);
        List<String> command = new ArrayList<>(List.of(ExporterProcess.JAVA, "@" + ExporterProcess.JVM_OPTIONS,
                "-jar", ExporterProcess.JAR.toString(), "--config.dir", dir.toString(), "--web.enable-lifecycle",
                "--drain.interval", "100ms"));
        int port = ExporterProcess.freePort();
        command.addAll(List.of("--web.listen-address", "127.0.0.1:" + port));
        try (ExporterProcess exporter = ExporterProcess.startCommand("reload-leak", command, port).awaitReady()) {
            reload(port, 1, WARM_UP_RELOADS, yaml, version);
            HeldBpf warmHeld = HeldBpf.of(exporter.pid());
            long warmFds = ProcFiles.openFds(exporter.pid());
            JvmMemory warm = leastOfThree(exporter.pid());
            reload(port, WARM_UP_RELOADS + 1, WARM_UP_RELOADS + MEASURED_RELOADS, yaml, version);
            HeldBpf endHeld = HeldBpf.of(exporter.pid());
            long endFds = ProcFiles.openFds(exporter.pid());
            JvmMemory end = leastOfThree(exporter.pid());

            assertThat(endHeld.programs()).as("programs held").hasSameSizeAs(warmHeld.programs()).hasSize(2);
            assertThat(endHeld.links()).as("links held").hasSameSizeAs(warmHeld.links()).hasSize(2);
            assertThat(endHeld.maps()).as("maps held").hasSameSizeAs(warmHeld.maps());
            // The slack is for what the JVM itself opens or closes meanwhile (an HTTP connection, a jar).
            assertThat(endFds).as("open fds (after the warm-up: %d)", warmFds).isBetween(warmFds - 2, warmFds + 2);
            assertThat(end.mallocKib() - warm.mallocKib())
                    .as("malloc'd KiB not freed, after the warm-up: %s, at the end: %s", warm, end)
                    .isLessThan(20L * MEASURED_RELOADS);
            assertThat(end.liveObjectsKib() - warm.liveObjectsKib())
                    .as("reachable Java objects, KiB, after the warm-up: %s, at the end: %s", warm, end)
                    .isLessThan(10L * MEASURED_RELOADS);
            assertThat(loadedNamed("count_swapped")).as("count_swapped in bpftool prog list").isEqualTo(1);
            assertThat(exporter.scrapeText()).contains("ebpf_exporter_config_last_reload_successful 1.0");
        }
    }

    /** Reloads {@code first} to {@code last}, each swapping in a new version of {@code yaml}. */
    private static void reload(int port, int first, int last, Path yaml, String version)
            throws IOException, InterruptedException {
        for (int reload = first; reload <= last; reload++) {
            Files.writeString(yaml, reload % 2 == 0 ? version : version + "# version " + reload + "\n");
            HttpResponse<String> response = post(port, "/-/reload");
            assertThat(response.statusCode()).as("reload %d: %s", reload, response.body()).isEqualTo(200);
        }
    }

    private static JvmMemory leastOfThree(long pid) throws IOException, InterruptedException {
        List<JvmMemory> readings = new ArrayList<>();
        for (int reading = 0; reading < 3; reading++) {
            readings.add(JvmMemory.of(pid));
        }
        return JvmMemory.least(readings);
    }

    /** Programs named {@code name} in bpftool's list, once the kernel has had up to 2 s to free released ones. */
    private static long loadedNamed(String name) throws IOException, InterruptedException {
        long count = 0;
        for (int poll = 0; poll < 40; poll++) {
            count = BpfTool.programs().values().stream().filter(p -> p.name().equals(name)).count();
            if (count <= 1) {
                return count;
            }
            Thread.sleep(50);
        }
        return count;
    }

    private ExporterProcess start(String testName, String... flags) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--config.dir", dir.toString(), "--drain.interval", "100ms"));
        args.addAll(List.of(flags));
        return ExporterProcess.start(testName, args.toArray(String[]::new)).awaitReady();
    }

    /** getpgid(7) {@code times} times under comm "reloadit": each reload-* config counts each call. */
    private static void call(int times) throws IOException, InterruptedException {
        GETPGID.run(30, COMM, "0", Integer.toString(times), VALUE);
    }

    private static double calls(List<Series> scrape, String config) {
        return Series.sum(scrape, "ebpf_exporter_reload_" + config + "_calls_total", Map.of("value", VALUE));
    }

    /** The id of the program named {@code name} that the exporter holds (exactly one). */
    private static String heldProgram(ExporterProcess exporter, String name) throws IOException, InterruptedException {
        Map<String, BpfTool.Program> loaded = BpfTool.programs();
        Set<String> ids = new TreeSet<>(HeldBpf.of(exporter.pid()).programs());
        ids.removeIf(id -> !loaded.containsKey(id) || !loaded.get(id).name().equals(name));
        assertThat(ids).as("programs named %s held by the exporter", name).hasSize(1);
        return ids.iterator().next();
    }

    private static void sighup(ExporterProcess exporter) throws IOException, InterruptedException {
        TestHelper.runCommand(10, List.of("kill", "-HUP", Long.toString(exporter.pid())));
    }

    private static HttpResponse<String> post(int port, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
