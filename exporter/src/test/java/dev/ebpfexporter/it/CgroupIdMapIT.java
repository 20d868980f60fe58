package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.decode.Cgroup2Mount;
import dev.ebpfexporter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cgroup_id_map as ebpf_exporter's users write it (src/test/bpf/cgroup-id-map.yaml): the exporter
 * keeps the map holding the ids of the cgroups whose path matches, a helper makes a known number of
 * calls in each cgroup, and the program counts them as matched or not by looking the map up. The
 * map's contents are read with bpftool, independently of the exporter: filled before the first
 * event, a cgroup created later is added, a removed one deleted.
 */
@KernelTest
class CgroupIdMapIT {
    private static final String MATCHED = "ebpf_exporter_cgroup_matched_calls_total";
    private static final String UNMATCHED = "ebpf_exporter_cgroup_unmatched_calls_total";
    private static final TestHelper ISSUER = new TestHelper("syscall-issuer");
    private static final Pattern KEY = Pattern.compile("\"key\":\\s*(\\d+)");
    private static final Duration MAP_UPDATE_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void onlyMatchingCgroupsAreInTheMapAsTheyComeAndGo() throws Exception {
        TestConfigs.copyTest(dir, "cgroup-id-map");
        ISSUER.binary();
        Path root = Cgroup2Mount.find(Path.of("/proc/self/mountinfo")).orElseThrow();
        Path parent = Files.createDirectory(
                root.resolve(String.format("ebpfx-cgmap-%06x", new Random().nextInt(1 << 24))));
        Path matchEarly = Files.createDirectory(parent.resolve("match-early"));
        Path other = Files.createDirectory(parent.resolve("other"));
        Path matchLate = parent.resolve("match-late");
        try (ExporterProcess exporter = ExporterProcess.start("cgroup-id-map",
                "--config.dir", dir.toString(), "--drain.interval", "100ms").awaitReady()) {
            assertThat(mapKeys()).as("filled before the programs attached").contains(id(matchEarly))
                    .doesNotContain(id(other), id(parent));

            issueIn(matchEarly, 300);
            issueIn(other, 200);
            Files.createDirectory(matchLate);
            long late = id(matchLate);
            awaitMapKeys(keys -> keys.contains(late), "the id of " + matchLate + " added");
            issueIn(matchLate, 100);

            List<Series> scrape = exporter.endpoint().scrapeAfterNextDrains(Duration.ofSeconds(10));
            assertThat(Series.sum(scrape, MATCHED, Map.of("cgroup", matchEarly.toString()))).isEqualTo(300);
            assertThat(Series.sum(scrape, MATCHED, Map.of("cgroup", matchLate.toString()))).isEqualTo(100);
            assertThat(Series.sum(scrape, UNMATCHED, Map.of("cgroup", other.toString()))).isEqualTo(200);
            assertThat(Series.values(scrape, MATCHED, Map.of("cgroup", other.toString()))).isEmpty();
            for (Path matching : List.of(matchEarly, matchLate)) {
                assertThat(Series.values(scrape, UNMATCHED, Map.of("cgroup", matching.toString()))).isEmpty();
            }

            long removed = id(matchEarly);
            Files.delete(matchEarly);
            awaitMapKeys(keys -> !keys.contains(removed), "the id of the removed " + matchEarly + " deleted");
            assertThat(mapKeys()).contains(id(matchLate));
        } finally {
            for (Path cgroup : List.of(matchEarly, other, matchLate, parent)) {
                Files.deleteIfExists(cgroup);
            }
        }
    }

    /** Runs syscall-issuer inside {@code cgroup}: the shell joins it, then becomes the issuer. */
    private static void issueIn(Path cgroup, int calls) throws IOException, InterruptedException {
        TestHelper.runCommand(30, List.of("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec "
                + ISSUER.binary() + " sched_getparam=" + calls));
    }

    private static long id(Path cgroup) throws IOException {
        return (Long) Files.getAttribute(cgroup, "unix:ino");
    }

    /** The keys of the exporter's cgroup_id_map, as bpftool dumps them. */
    private static Set<Long> mapKeys() throws IOException, InterruptedException {
        String dump = Commands.run(List.of("bpftool", "-j", "map", "dump", "name", "cgroup_id_map"));
        Matcher key = KEY.matcher(dump);
        return key.results().map(m -> Long.parseLong(m.group(1))).collect(Collectors.toSet());
    }

    private static void awaitMapKeys(Predicate<Set<Long>> condition, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + MAP_UPDATE_TIMEOUT.toNanos();
        while (!condition.test(mapKeys())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + MAP_UPDATE_TIMEOUT + ": " + what + "; map: " + mapKeys());
            }
            Thread.sleep(20);
        }
    }
}
