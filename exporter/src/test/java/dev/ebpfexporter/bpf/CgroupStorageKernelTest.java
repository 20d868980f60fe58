package dev.ebpfexporter.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebpfexporter.decode.Cgroup2Mount;
import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link BpfMap#updateForCgroup} against the real kernel, with the compat suite's cgrp_storage
 * object: a cgroup gets its storage, and one removed since its path was listed is no error (the
 * cgroup_id_map filler walks cgroups that other processes remove at any time).
 */
@KernelTest
class CgroupStorageKernelTest {
    private static final Path OBJECT = Path.of("target/test-bpf/compat-cgrp-storage.bpf.o");
    private static final byte[] PRESENT = {1, 0, 0, 0, 0, 0, 0, 0};

    @Test
    void aLiveCgroupGetsItsStorageAndARemovedOneIsNoError() throws Exception {
        Path cgroup = Cgroup2Mount.find(Path.of("/proc/self/mountinfo")).orElseThrow()
                .resolve("ebpfx-storage-" + ProcessHandle.current().pid());
        try (BpfObject object = BpfObject.open("compat-cgrp-storage.bpf.o", Files.readAllBytes(OBJECT),
                KernelFeatures.probe())) {
            object.load();
            BpfMap storage = object.map("compat_cgrp_storage_filter").orElseThrow();
            Files.createDirectory(cgroup);
            assertThat(storage.updateForCgroup(cgroup, PRESENT)).as("update of live %s", cgroup).isTrue();
            Files.delete(cgroup);
            assertThat(storage.updateForCgroup(cgroup, PRESENT)).as("update of removed %s", cgroup).isFalse();
        } finally {
            Files.deleteIfExists(cgroup);
        }
    }
}
