package dev.ebpfexporter.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The libbpf binding against the real kernel, with the shipped page-faults object. */
@KernelTest
class BpfObjectKernelTest {
    private static final Path OBJECT = Path.of("target/bpf/page-faults.bpf.o");

    private static BpfObject openPageFaults() throws Exception {
        return BpfObject.open("page-faults.bpf.o", Files.readAllBytes(OBJECT), KernelFeatures.probe());
    }

    @Test
    void opensSizesLoadsAttachesAndReadsTheShippedObject() throws Exception {
        try (BpfObject object = openPageFaults()) {
            BpfMap counts = object.map("page_faults_total").orElseThrow();
            assertThat(counts.type()).isEqualTo(MapType.HASH);
            assertThat(counts.keySize()).isEqualTo(20);
            assertThat(counts.valueSize()).isEqualTo(8);
            counts.setMaxEntries(1024);
            assertThat(object.programs()).extracting(BpfProgram::section)
                    .containsExactly("tp_btf/page_fault_user", "tp_btf/page_fault_kernel");

            object.load();
            assertThat(counts.maxEntries()).isEqualTo(1024);
            assertThat(object.attachAll()).containsExactly("page_fault_user", "page_fault_kernel");

            String comm = "bpfkt" + (System.nanoTime() % 100000);
            Thread toucher = new Thread(() -> touchPages(256), comm);
            toucher.start();
            toucher.join();

            MapContents contents = counts.read();
            long ours = 0;
            for (int i = 0; i < contents.count(); i++) {
                byte[] key = contents.key(i);
                String keyComm = new String(key, 4, 16, StandardCharsets.UTF_8).replace("\0", "");
                if (keyComm.equals(comm)) {
                    ours += contents.value(i);
                }
            }
            assertThat(ours).as("faults counted for thread %s", comm).isGreaterThan(0);

            MapContents overflow = object.map("page_faults_total_overflow").orElseThrow().read();
            assertThat(overflow.count()).isEqualTo(1);
            assertThat(overflow.value(0)).isZero();
        }
    }

    @Test
    void resizingAfterLoadIsRefusedAndClosedObjectsAreUnusable() throws Exception {
        BpfObject object = openPageFaults();
        BpfMap counts = object.map("page_faults_total").orElseThrow();
        object.load();
        assertThatThrownBy(() -> counts.setMaxEntries(16)).isInstanceOf(BpfException.class)
                .hasMessageContaining("before the object is loaded");
        object.close();
        object.close(); // idempotent
        assertThatThrownBy(counts::read).hasMessageContaining("already closed");
    }

    @Test
    void garbageIsNotAnObject() {
        assertThatThrownBy(() -> BpfObject.open("junk.bpf.o", new byte[] {1, 2, 3}, KernelFeatures.probe()))
                .isInstanceOf(BpfException.class)
                .hasMessageStartingWith("bpf_object__open_mem(junk.bpf.o)");
    }

    private static void touchPages(int pages) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(pages * 4096);
        for (int i = 0; i < pages; i++) {
            buffer.put(i * 4096, (byte) 1);
        }
    }
}
