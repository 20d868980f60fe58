package dev.ebpfexporter.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a kernel test only where the machine running the suite truly cannot run it, saying why; under CI=true a
 * skip is a failure, so CI never passes with its kernel suite skipped.
 */
public final class KernelTests implements BeforeAllCallback {
    /** Every kernel test needs root and a kernel with BTF. */
    @Override
    public void beforeAll(ExtensionContext context) {
        require("root".equals(System.getProperty("user.name")), "needs root to load BPF programs");
        require(Files.exists(Path.of("/sys/kernel/btf/vmlinux")), "the kernel has no BTF (/sys/kernel/btf/vmlinux)");
    }

    public static void require(boolean capable, String whatIsMissing) {
        if (capable) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("kernel test cannot run under CI: " + whatIsMissing);
        }
        assumeTrue(false, "skipped: " + whatIsMissing);
    }
}
