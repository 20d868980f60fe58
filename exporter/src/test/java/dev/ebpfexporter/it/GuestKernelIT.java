package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import dev.ebpfexporter.testing.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The exporter on a guest kernel ({@link GuestVm}: Debian's own kernel under QEMU, two NUMA nodes),
 * one subclass per kernel of the matrix. One guest serves every test of the class.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class GuestKernelIT {
    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration DRAINS_TIMEOUT = Duration.ofSeconds(30);
    private static final long FAULTED_PAGES = 50_000;

    private final GuestKernel kernel;
    private GuestVm vm;

    GuestKernelIT(GuestKernel kernel) {
        this.kernel = kernel;
    }

    @BeforeAll
    void boot() throws Exception {
        vm = GuestVm.boot(kernel, Path.of("target/vm", kernel.id()));
        assertThat(vm.release()).as("the guest's kernel").startsWith(kernel.releasePrefix);
        GuestExporter.installClassArchive(vm, GuestClassArchive.get());
    }

    @AfterAll
    void powerOff() throws Exception {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    @Order(1)
    void everyShippedConfigLoadsAndAttaches() throws Exception {
        Path dir = ShippedConfigs.copyAll(vm.workDir().resolve("all"));
        GuestVm.Result check = vm.run(CHECK_TIMEOUT, GuestExporter.javaCommand() + " --config.dir " + dir
                + " --config.check");
        ShippedConfigs.assertCheckPassed(dir, check.status(), check.output());
    }

    /** {@link PageFaultsExactnessIT} on this kernel: the faulter's getrusage count, by its comm. */
    @Test
    @Order(2)
    void pageFaultsEqualTheFaultersOwnCount() throws Exception {
        Path dir = vm.workDir().resolve("page-faults");
        TestConfigs.copyShipped(dir, "page-faults");
        try (GuestExporter exporter = GuestExporter.start(vm, "page-faults", "0,1", "--config.dir", dir.toString(),
                "--drain.interval", "100ms").awaitReady()) {
            String comm = Faulter.uniqueComm();
            long kernelCount = Faulter.runIn(vm, comm, FAULTED_PAGES);
            double exported = Series.sum(exporter.endpoint().scrapeAfterNextDrains(DRAINS_TIMEOUT),
                    PageFaultsExactnessIT.METRIC, Map.of("comm", comm));
            System.out.printf("guest %s page faults: exported %.0f, getrusage %d%n", kernel.id(), exported, kernelCount);
            assertThat(kernelCount).isGreaterThanOrEqualTo(FAULTED_PAGES);
            assertThat(exported).as("faults exported for %s vs getrusage", comm)
                    .isCloseTo(kernelCount, withPercentage(PageFaultsExactnessIT.TOLERANCE * 100));
        }
    }
}
