package dev.ebpfexporter.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.bpf.KernelFeatures;
import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.ConfigParser;
import dev.ebpfexporter.config.ExporterConfig;
import dev.ebpfexporter.decode.Decoders;
import dev.ebpfexporter.testing.HeldBpf;
import dev.ebpfexporter.testing.KernelTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader writes each kaddrs symbol's address, as the kallsyms file lists it, into the object's
 * kaddr_ global before load (src/test/bpf/kaddrs.bpf.c exports what it was given), and refuses a
 * config whose symbol or global is missing, leaving nothing loaded.
 */
@KernelTest
class KaddrsKernelTest {
    private static final Path SOURCES = Path.of("src/test/bpf");
    private static final String KALLSYMS = """
            ffffffff81000100 T do_exit
            ffffffff81000200 T schedule
            ffffffff81000300 T vfs_read
            """;

    @TempDir
    Path dir;

    @Test
    void theProgramGetsTheListedAddresses() throws Exception {
        try (LoadedConfig loaded = load(UnaryOperator.identity())) {
            Set<Long> keys = new HashSet<>();
            while (keys.size() < 2) { // any syscall entry counts: this thread's own sleeps are some
                Thread.sleep(10);
                MapContents contents = loaded.sources().get(0).contents().read();
                for (int i = 0; i < contents.count(); i++) {
                    keys.add(ByteBuffer.wrap(contents.key(i)).order(ByteOrder.nativeOrder()).getLong());
                }
            }
            assertThat(keys).containsExactlyInAnyOrder(0xffffffff81000200L, 0xffffffff81000100L);
        }
    }

    @Test
    void aSymbolKallsymsLacksIsRefused() throws Exception {
        assertRefused(yaml -> yaml.replace("- do_exit", "- no_such_symbol"),
                "test/kaddrs.yaml: kaddrs: ", "lists no kernel symbol 'no_such_symbol'");
    }

    @Test
    void aSymbolWithoutItsGlobalIsRefused() throws Exception {
        assertRefused(yaml -> yaml.replace("- do_exit", "- vfs_read"),
                "test/kaddrs.yaml: write global(kaddrs.bpf.o:kaddr_vfs_read): ENOENT",
                "the object has no global variable 'kaddr_vfs_read'; declare it as const volatile u64 kaddr_vfs_read");
    }

    private void assertRefused(UnaryOperator<String> edit, String start, String contained) throws Exception {
        HeldBpf before = HeldBpf.ofThisProcess();
        assertThatThrownBy(() -> load(edit)).isInstanceOf(LoadException.class)
                .hasMessageStartingWith(start).hasMessageContaining(contained);
        assertThat(HeldBpf.ofThisProcess()).isEqualTo(before);
    }

    private LoadedConfig load(UnaryOperator<String> edit) throws Exception {
        ExporterConfig config = new ConfigParser(Decoders.standard().names()).parse("kaddrs", "test/kaddrs.yaml",
                edit.apply(Files.readString(SOURCES.resolve("kaddrs.yaml"))));
        Path kallsyms = Files.writeString(dir.resolve("kallsyms"), KALLSYMS);
        return new ProgramLoader(KernelFeatures.probe(), kallsyms)
                .load(config, "kaddrs.bpf.o", Files.readAllBytes(Path.of("target/test-bpf/kaddrs.bpf.o")));
    }
}
