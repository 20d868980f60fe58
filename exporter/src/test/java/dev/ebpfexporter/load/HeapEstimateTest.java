package dev.ebpfexporter.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapEstimateTest {
    private static final long HEAP_96_MIB = 96L << 20;

    @Test
    void mapsThatFitTheHeapAreFine() {
        assertThat(HeapEstimate.warning(40_000, HEAP_96_MIB)).isEmpty();
    }

    /** Issue 13's case: max_entries 400000 under the shipped -Xmx96m, whose drains stopped at 112k keys. */
    @Test
    void mapsThatCannotFitGetAWarningWithTheFigures() {
        assertThat(HeapEstimate.warning(400_000, HEAP_96_MIB)).hasValue("the loaded maps can hold 400,000 series"
                + " when full (their max_entries), which would take at least 390 MiB of heap as series; the heap may"
                + " grow to 96 MiB only, and drains fail once it is full: raise -Xmx to at least 454 MiB, 64 more for"
                + " the rest of the daemon (docs/operations.md, \"Sizing\"), or lower max_entries");
    }
}
