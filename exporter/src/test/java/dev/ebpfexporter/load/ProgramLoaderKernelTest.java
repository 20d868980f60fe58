package dev.ebpfexporter.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.testing.KernelTest;
import dev.ebpfexporter.bpf.KernelFeatures;
import dev.ebpfexporter.config.ConfigParser;
import dev.ebpfexporter.config.ExporterConfig;
import dev.ebpfexporter.decode.Decoders;
import dev.ebpfexporter.testing.BpfTool;
import dev.ebpfexporter.testing.HeldBpf;
import dev.ebpfexporter.testing.OnlineCpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel resources are released by the loader itself, while this JVM lives (so it is not the
 * process exit doing it): after close, and on every failure path of a load. What this JVM holds is
 * read from its own fds, so programs other processes load meanwhile don't matter.
 */
@KernelTest
class ProgramLoaderKernelTest {
    /** The test programs' sources and YAML, and the counter config the bad-input programs share. */
    private static final Path TEST_SOURCES = Path.of("src/test/bpf");
    private static final String TEST_COUNTER = "test-counter";
    private static final Path SYS_CPU = Path.of("/sys/devices/system/cpu");

    private static final HeldBpf NOTHING = new HeldBpf(Set.of(), Set.of(), Set.of(), 0);

    private final ConfigParser parser = new ConfigParser(Decoders.standard().names());

    @Test
    void closeReleasesEveryProgramAndLink() throws Exception {
        assertThat(HeldBpf.ofThisProcess()).isEqualTo(NOTHING);
        ExporterConfig config = parser.parse("page-faults", "configs/page-faults.yaml",
                Files.readString(Path.of("../configs/page-faults.yaml")));
        LoadedConfig loaded = new ProgramLoader(KernelFeatures.probe())
                .load(config, "page-faults.bpf.o", Files.readAllBytes(Path.of("target/bpf/page-faults.bpf.o")));
        assertThat(loaded.programNames()).containsExactly("page_fault_user", "page_fault_kernel");
        HeldBpf held = HeldBpf.ofThisProcess();
        assertThat(held.programs()).hasSize(2);
        assertThat(held.links()).hasSize(2);

        loaded.close();
        assertThat(HeldBpf.ofThisProcess()).isEqualTo(NOTHING);
        assertThat(BpfTool.stillLoaded("prog", held.programs())).isEmpty();
        assertThat(BpfTool.stillLoaded("link", held.links())).isEmpty();
    }

    @Test
    void aPerfEventProgramIsLinkedOnEveryOnlineCpuAndReleasedByClose() throws Exception {
        assertThat(HeldBpf.ofThisProcess()).isEqualTo(NOTHING);
        int onlineCpus = OnlineCpus.fromProcStat().size();
        LoadedConfig loaded = load(KernelFeatures.probe(), "perf-event", "perf-event");
        assertThat(loaded.programNames()).containsExactly("on_cpu_clock");
        HeldBpf held = HeldBpf.ofThisProcess();
        assertThat(held.programs()).hasSize(1);
        assertThat(held.links()).as("one link per online CPU").hasSize(onlineCpus);
        assertThat(held.perfEvents()).as("one perf event per online CPU").isEqualTo(onlineCpus);

        loaded.close();
        assertThat(HeldBpf.ofThisProcess()).isEqualTo(NOTHING);
        assertThat(BpfTool.stillLoaded("link", held.links())).isEmpty();
    }

    @Test
    void aFailedAttachReleasesTheProgramsAlreadyAttached() throws Exception {
        assertFailureLeavesNothing(KernelFeatures.probe(), "attach-fails", TEST_COUNTER, "bpf_program__attach",
                "does_not_attach", "tracepoint/no_such_subsystem/no_such_event");
    }

    @Test
    void anXdpProgramForAnInterfaceThatIsNotThereIsRefusedByName() throws Exception {
        assertFailureLeavesNothing(KernelFeatures.probe(), "xdp-missing-interface", TEST_COUNTER, "if_nametoindex",
                "ENODEV", "SEC(\"xdp/no-such-if0\"): the exporter's network namespace has no interface 'no-such-if0'");
    }

    /**
     * A CPU past the possible ones (the kernel's nr_cpu_ids) listed as online after the real ones: the
     * program is linked on every real CPU before perf_event_open refuses that one.
     */
    @Test
    void aPerfEventFailingOnALaterCpuReleasesTheLinksOnTheCpusBefore(@TempDir Path sysRoot) throws Exception {
        String possible = Files.readString(SYS_CPU.resolve("possible")).strip();
        int beyondPossible = Integer.parseInt(possible.substring(possible.lastIndexOf('-') + 1)) + 1;
        Path cpu = Files.createDirectories(sysRoot.resolve("sys/devices/system/cpu"));
        Files.writeString(cpu.resolve("online"),
                Files.readString(SYS_CPU.resolve("online")).strip() + "," + beyondPossible + "\n");

        assertFailureLeavesNothing(new KernelFeatures(sysRoot), "perf-event", "perf-event",
                "perf_event_open(perf-event.bpf.o:on_cpu_clock): EINVAL", "on CPU " + beyondPossible + ":");
    }

    @Test
    void aVerifierRejectionReleasesTheMapsAndProgramsCreated() throws Exception {
        assertFailureLeavesNothing(KernelFeatures.probe(), "verifier-reject", TEST_COUNTER, "bpf_object__load",
                "the verifier rejected");
    }

    /**
     * The program's arrays hold 14 slots per label value (top slot 12, then the sum); configs that
     * declare other buckets are refused before load with both numbers, not served mislabelled.
     */
    @Test
    void aHistogramArraySizedForOtherBucketsIsRefusedWithBothNumbers() throws Exception {
        assertFailureLeavesNothing(KernelFeatures.probe(), "histogram-array-mismatch", "histogram-array-slot",
                "histogram 'by_slot_seconds': map 'by_slot_seconds' in histogram-array-mismatch.bpf.o is an array"
                        + " of 14 entries indexed by slot, but bucket_max makes 12 slots (0 … 10, then the sum in"
                        + " slot 11)",
                "change bucket_max to the program's top slot (12 for 14 entries)");
        assertFailureLeavesNothing(KernelFeatures.probe(), "histogram-array-mismatch", "histogram-array-label",
                "map 'by_parity_seconds' in histogram-array-mismatch.bpf.o is an array of 28 entries, which is not"
                        + " label values × 12 (bucket_max makes 12 slots");
        assertFailureLeavesNothing(KernelFeatures.probe(), "histogram-array-mismatch", "histogram-array-enumerated",
                "map 'by_kind_seconds' in histogram-array-mismatch.bpf.o is an array of 42 entries, but label kind"
                        + " has 3 values (static_map keys up to 2) and bucket_max makes 7 slots (0 … 5, then the sum"
                        + " in slot 6): 3 × 7 = 21 entries");
    }

    /** libbpf's maps for globals (page-faults has a .rodata) are not offered as a metric's map. */
    @Test
    void aMissingMapIsNamedAmongTheMapsTheProgramDeclared() throws Exception {
        assertObjectRefused("page-faults.bpf.o", Files.readAllBytes(Path.of("target/bpf/page-faults.bpf.o")),
                "metric 'no_such_map' needs a map named 'no_such_map' in page-faults.bpf.o, which has only:"
                        + " page_faults_total, page_faults_total_overflow; rename the map or the metric so they match");
    }

    @Test
    void anEmptyObjectFileIsCalledEmpty() throws Exception {
        assertObjectRefused("empty.bpf.o", new byte[0],
                "bpf_object__open_mem(empty.bpf.o): EINVAL (invalid argument) — the file is empty; build it with"
                        + " clang -g -O2 -target bpf");
    }

    private void assertObjectRefused(String objectName, byte[] object, String message) throws Exception {
        ExporterConfig config = parser.parse("bad", "test/bad.yaml",
                "metrics:\n  counters:\n    - name: no_such_map\n      help: a map the object lacks\n");
        assertThatThrownBy(() -> new ProgramLoader(KernelFeatures.probe()).load(config, objectName, object))
                .isInstanceOf(LoadException.class)
                .hasMessage("test/bad.yaml: " + message);
    }

    @Test
    void idleTimeoutOnAnArrayMapIsRefusedAndReleasesTheObject() throws Exception {
        assertIdleTimeoutRefused("../configs/syscalls.yaml", "target/bpf/syscalls.bpf.o",
                "metric 'syscalls_total': idle_timeout deletes idle keys, but map 'syscalls_total' is an array, whose"
                        + " keys cannot be deleted (nor fill it up); remove idle_timeout");
    }

    @Test
    void idleTimeoutOnAPerCpuMapWithACpuLabelIsRefusedAndReleasesTheObject() throws Exception {
        assertIdleTimeoutRefused("src/test/bpf/map-values.yaml", "target/test-bpf/map-values.bpf.o",
                "metric 'percpu_calls_total': idle_timeout deletes idle keys, but map 'percpu_calls_total' is per-CPU"
                        + " and the metric has a series per CPU (its last label is 'cpu'), while a delete gives back"
                        + " only the key's sum over CPUs; remove idle_timeout, or rename the label to sum the values"
                        + " over CPUs");
    }

    /** Loads {@code configPath} with idle_timeout added to its first metric: refused, nothing held. */
    private void assertIdleTimeoutRefused(String configPath, String objectPath, String expected) throws Exception {
        assertThat(HeldBpf.ofThisProcess()).isEqualTo(NOTHING);
        String yaml = Files.readString(Path.of(configPath))
                .replaceFirst("(\n      help: [^\n]*\n)", "$1      idle_timeout: 10m\n");
        ExporterConfig config = parser.parse("c", "c.yaml", yaml);
        byte[] object = Files.readAllBytes(Path.of(objectPath));

        assertThatThrownBy(() -> new ProgramLoader(KernelFeatures.probe()).load(config, "c.bpf.o", object))
                .isInstanceOf(LoadException.class)
                .hasMessage("c.yaml: " + expected);
        assertThat(HeldBpf.ofThisProcess()).as("fds still held after the failed load").isEqualTo(NOTHING);
    }

    private void assertFailureLeavesNothing(KernelFeatures features, String name, String yaml, String... expected)
            throws Exception {
        assertThat(HeldBpf.ofThisProcess()).isEqualTo(NOTHING);
        assertThatThrownBy(() -> load(features, name, yaml))
                .isInstanceOf(LoadException.class)
                .hasMessageStartingWith("test/" + name + ".yaml: ")
                .hasMessageContainingAll(expected);
        assertThat(HeldBpf.ofThisProcess()).as("fds still held after the failed load").isEqualTo(NOTHING);
    }

    /** Loads test program {@code name} with the config of {@code yaml}.yaml beside the test programs. */
    private LoadedConfig load(KernelFeatures features, String name, String yaml) throws Exception {
        ExporterConfig config = parser.parse(name, "test/" + name + ".yaml",
                Files.readString(TEST_SOURCES.resolve(yaml + ".yaml")));
        byte[] object = Files.readAllBytes(Path.of("target/test-bpf/" + name + ".bpf.o"));
        return new ProgramLoader(features).load(config, name + ".bpf.o", object);
    }
}
