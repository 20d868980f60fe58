package dev.ebpfexporter.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's BPF run-time accounting (run time and run count per program). It is off by default
 * because it adds two clock reads to every program run; {@link #enable()} turns it on for as long as
 * the returned handle is open, and the kernel turns it off again when the last holder closes, even
 * if this process dies.
 */
public final class RunTimeStats implements AutoCloseable {
    private static final int BPF_STATS_RUN_TIME = 0;
    private static final Path SYSCTL = Path.of("/proc/sys/kernel/bpf_stats_enabled");

    private int fd;

    private RunTimeStats(int fd) {
        this.fd = fd;
    }

    /** Counts run time and runs of every program until {@link #close()}. */
    public static RunTimeStats enable() throws BpfException {
        int rc = Libbpf.bpf_enable_stats(BPF_STATS_RUN_TIME);
        if (rc < 0) {
            throw new BpfException("bpf_enable_stats", "BPF_STATS_RUN_TIME", -rc,
                    "run without --bpf.stats, or grant CAP_SYS_ADMIN (or set sysctl kernel.bpf_stats_enabled=1)");
        }
        return new RunTimeStats(rc);
    }

    /**
     * Whether the sysctl turned the stats on; false if unreadable. It does not show handles from
     * {@link #enable()}: the kernel counts while either is on.
     */
    public static boolean enabledBySysctl() {
        try {
            return Files.readString(SYSCTL).strip().equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Libbpf.LibC.close(fd);
            fd = -1;
        }
    }
}
