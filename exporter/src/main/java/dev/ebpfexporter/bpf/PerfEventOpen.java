package dev.ebpfexporter.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.OptionalLong;
import java.util.Set;

/**
 * perf_event_open(2) through libc's syscall() (glibc has no wrapper): a {@link PerfEventSpec}'s
 * event on one CPU for every task there, counting from the start; and, when the kernel refuses,
 * why in words that say what to do.
 */
final class PerfEventOpen {
    /**
     * PERF_ATTR_SIZE_VER0, the original struct perf_event_attr. Every field set here lies in it, and
     * the kernel reads the fields later versions added as zero.
     */
    private static final int ATTR_SIZE = 64;
    private static final int ATTR_TYPE = 0; // __u32 type
    private static final int ATTR_SIZE_FIELD = 4; // __u32 size
    private static final int ATTR_CONFIG = 8; // __u64 config
    private static final int ATTR_SAMPLE = 16; // union { __u64 sample_period; __u64 sample_freq; }
    private static final int ATTR_FLAGS = 40; // __u64 bit field; bit 0, disabled, stays 0: counting from open
    private static final long FLAG_FREQ = 1L << 10; // the sample field holds sample_freq
    /** PERF_TYPE_HARDWARE, PERF_TYPE_HW_CACHE and PERF_TYPE_RAW: counted by the CPU's own PMU. */
    private static final Set<Long> HARDWARE_TYPES = Set.of(0L, 3L, 4L);
    private static final long EVERY_TASK = -1;
    private static final long NO_GROUP = -1;
    private static final long PERF_FLAG_FD_CLOEXEC = 1L << 3;
    /** __NR_perf_event_open: the one architecture-specific number of the exporter. */
    private static final OptionalLong SYSCALL_NUMBER = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> OptionalLong.of(298);
        case "aarch64" -> OptionalLong.of(241);
        default -> OptionalLong.empty();
    };

    private PerfEventOpen() {}

    /** The event's new fd on {@code cpu}, or -errno. */
    static int open(PerfEventSpec event, int cpu) {
        if (SYSCALL_NUMBER.isEmpty()) {
            return -Errno.ENOSYS;
        }
        try (Memory attr = attr(event)) {
            long fd = Libbpf.LibC.syscall(SYSCALL_NUMBER.getAsLong(), attr, EVERY_TASK, cpu, NO_GROUP,
                    PERF_FLAG_FD_CLOEXEC);
            return fd < 0 ? -Native.getLastError() : (int) fd;
        }
    }

    /** The struct perf_event_attr for the event; the caller closes it. */
    static Memory attr(PerfEventSpec event) {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(ATTR_TYPE, (int) event.type());
        attr.setInt(ATTR_SIZE_FIELD, ATTR_SIZE);
        attr.setLong(ATTR_CONFIG, event.config());
        if (event.sampling() instanceof PerfEventSpec.Frequency frequency) {
            attr.setLong(ATTR_SAMPLE, frequency.perSecond());
            attr.setLong(ATTR_FLAGS, FLAG_FREQ);
        } else if (event.sampling() instanceof PerfEventSpec.Period period) {
            attr.setLong(ATTR_SAMPLE, period.events());
        }
        return attr;
    }

    /** Why perf_event_open refused the event with {@code errno}, and what to do. */
    static String whyNot(int errno, PerfEventSpec event, KernelFeatures features) {
        return switch (errno) {
            case Errno.ENOENT, Errno.ENOTSUP -> "this kernel or CPU has no event type=" + event.type() + ", config="
                    + Long.toUnsignedString(event.config()) + " (" + (HARDWARE_TYPES.contains(event.type())
                            ? "hardware events need the CPU's PMU, which a VM often lacks; " : "")
                    + "/sys/bus/event_source/devices lists the PMUs there are, with their events); choose an event"
                    + " this machine has, e.g. the software cpu-clock, type=1,config=0";
            case Errno.EACCES, Errno.EPERM -> "a perf event for every task of a CPU needs root or CAP_PERFMON"
                    + " (CAP_SYS_ADMIN before Linux 5.8), or kernel.perf_event_paranoid at most 0 (it is "
                    + sysctl(features, "kernel.perf_event_paranoid") + "); grant CAP_PERFMON or run as root";
            case Errno.EINVAL -> invalid(event, features);
            case Errno.ENODEV -> "the CPU went offline after the exporter read the online CPUs; start it again";
            case Errno.ENOSYS -> "perf_event programs are supported on x86_64 and aarch64, and this is "
                    + System.getProperty("os.arch");
            default -> "perf_event_open(2) says what this error means for " + event;
        };
    }

    private static String invalid(PerfEventSpec event, KernelFeatures features) {
        String maxRate = sysctl(features, "kernel.perf_event_max_sample_rate");
        if (event.sampling() instanceof PerfEventSpec.Frequency frequency && maxRate.matches("\\d+")
                && Long.compareUnsigned(frequency.perSecond(), Long.parseLong(maxRate)) > 0) {
            return frequency + " exceeds kernel.perf_event_max_sample_rate (" + maxRate + "); lower the frequency"
                    + " to at most that, or raise the sysctl";
        }
        return "the kernel refused " + event + " (kernel.perf_event_max_sample_rate is " + maxRate + "); check the"
                + " type and config (perf_event_open(2), /sys/bus/event_source/devices/*/type and events/) and"
                + " keep a frequency at most that rate";
    }

    private static String sysctl(KernelFeatures features, String name) {
        return features.sysctl(name).orElse("unreadable");
    }
}
