package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernel tests' /proc/interrupts parser, against a table written by hand. */
class ProcInterruptsTest {
    private static final String TABLE = """
                       CPU0       CPU1
              24:          1          0  IO-APIC   5-edge      ACPI:Ged
              36:          0     635828 PCI-MSIX-0000:00:02.0   1-edge      virtio1-req.0
              11:        300         12  IO-APIC  11-fasteoi   uhci_hcd:usb1, ehci_hcd:usb2
              55:          7
             NMI:          0          0   Non-maskable interrupts
             LOC:    3096119    3075001   Local timer interrupts
             ERR:          0
            """;

    @Test
    void sumsTheCpuColumnsOfEveryNumberedRowAndLeavesOutTheArchitectureVectors() {
        assertThat(ProcInterrupts.parse(TABLE).counts())
                .containsExactlyInAnyOrderEntriesOf(Map.of(24, 1L, 36, 635828L, 11, 312L, 55, 7L));
    }

    @Test
    void anIrqNotListedCountsZero() {
        assertThat(ProcInterrupts.parse(TABLE).count(99)).isZero();
    }
}
