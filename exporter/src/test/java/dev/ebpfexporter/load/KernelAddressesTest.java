package dev.ebpfexporter.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelAddressesTest {
    private static final String KALLSYMS = """
            ffffffff81366e40 T do_exit
            ffffffff82248b50 T schedule
            ffffffff81a00000 t __cpuid
            ffffffff81b00000 t __cpuid
            ffffffffc0a01230 t estimation_timer\t[ip_vs]
            ffffffffc0a01300 t only_in_module\t[ip_vs]
            """;

    @TempDir
    Path dir;

    @Test
    void addressesInTheOrderAsked() throws IOException {
        assertThat(KernelAddresses.of(kallsyms(KALLSYMS), List.of("schedule", "do_exit")))
                .containsExactly(Map.entry("schedule", 0xffffffff82248b50L), Map.entry("do_exit", 0xffffffff81366e40L));
    }

    @Test
    void aModuleSymbolDoesNotCount() {
        assertThatThrownBy(() -> KernelAddresses.of(kallsyms(KALLSYMS), List.of("only_in_module")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("lists no kernel symbol 'only_in_module' (module symbols do not count;");
    }

    @Test
    void aNameAtTwoAddressesIsAmbiguous() {
        assertThatThrownBy(() -> KernelAddresses.of(kallsyms(KALLSYMS), List.of("schedule", "__cpuid")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("lists kernel symbol '__cpuid' at 2 addresses ([0xffffffff81a00000,"
                        + " 0xffffffff81b00000]), so its address is ambiguous");
    }

    @Test
    void hiddenAddressesAreRefused() {
        assertThatThrownBy(() -> KernelAddresses.of(
                        kallsyms("0000000000000000 T schedule\n0000000000000000 T do_exit\n"), List.of("schedule")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("shows 'schedule' at address 0 to this process")
                .hasMessageContaining("CAP_SYSLOG");
    }

    private Path kallsyms(String text) throws IOException {
        return Files.writeString(dir.resolve("kallsyms"), text);
    }
}
