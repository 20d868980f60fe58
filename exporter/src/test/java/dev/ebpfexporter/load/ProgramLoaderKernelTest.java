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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Kernel resources are released by the loader itself, while this JVM lives (so it is not the
 * process exit doing it): after close, and on every failure path of a load. What this JVM holds is
 * read from its own fds, so programs other processes load meanwhile don't matter.
 */
@KernelTest
class ProgramLoaderKernelTest {
    private static final String TEST_COUNTER = """
            metrics:
              counters:
                - name: events_total
                  help: Events of a test program
                  labels: [{name: key, size: 4, decoders: [{name: uint}]}]
            """;

    private static final HeldBpf NOTHING = new HeldBpf(Set.of(), Set.of(), Set.of());

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
    void aFailedAttachReleasesTheProgramsAlreadyAttached() throws Exception {
        assertFailureLeavesNothing("attach-fails", "bpf_program__attach", "does_not_attach",
                "tracepoint/no_such_subsystem/no_such_event");
    }

    @Test
    void aVerifierRejectionReleasesTheMapsAndProgramsCreated() throws Exception {
        assertFailureLeavesNothing("verifier-reject", "bpf_object__load", "the verifier rejected");
    }

    private void assertFailureLeavesNothing(String name, String... expected) throws Exception {
        assertThat(HeldBpf.ofThisProcess()).isEqualTo(NOTHING);
        ExporterConfig config = parser.parse(name, "test/" + name + ".yaml", TEST_COUNTER);
        byte[] object = Files.readAllBytes(Path.of("target/test-bpf/" + name + ".bpf.o"));

        assertThatThrownBy(() -> new ProgramLoader(KernelFeatures.probe()).load(config, name + ".bpf.o", object))
                .isInstanceOf(LoadException.class)
                .hasMessageStartingWith("test/" + name + ".yaml: ")
                .hasMessageContainingAll(expected);
        assertThat(HeldBpf.ofThisProcess()).as("fds still held after the failed load").isEqualTo(NOTHING);
    }
}
