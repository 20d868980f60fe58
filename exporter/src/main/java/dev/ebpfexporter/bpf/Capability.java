package dev.ebpfexporter.bpf;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The Linux capabilities, in the kernel's numbering (the ordinal is the bit in /proc/PID/status). */
public enum Capability {
    CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP, LINUX_IMMUTABLE,
    NET_BIND_SERVICE, NET_BROADCAST, NET_ADMIN, NET_RAW, IPC_LOCK, IPC_OWNER, SYS_MODULE, SYS_RAWIO, SYS_CHROOT,
    SYS_PTRACE, SYS_PACCT, SYS_ADMIN, SYS_BOOT, SYS_NICE, SYS_RESOURCE, SYS_TIME, SYS_TTY_CONFIG, MKNOD, LEASE,
    AUDIT_WRITE, AUDIT_CONTROL, SETFCAP, MAC_OVERRIDE, MAC_ADMIN, SYSLOG, WAKE_ALARM, BLOCK_SUSPEND, AUDIT_READ,
    PERFMON, BPF, CHECKPOINT_RESTORE;

    /** {@code cap_bpf} or {@code CAP_BPF}, as capabilities(7) and ebpf_exporter's flag write them. */
    public static Capability parse(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        if (upper.startsWith("CAP_")) {
            try {
                return valueOf(upper.substring("CAP_".length()));
            } catch (IllegalArgumentException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a capability: write it as capabilities(7) does,"
                + " like cap_bpf or cap_perfmon");
    }

    /** The name capabilities(7) gives it, in lower case: {@code cap_bpf}. */
    public String capName() {
        return "cap_" + name().toLowerCase(Locale.ROOT);
    }

    static long mask(Set<Capability> capabilities) {
        long mask = 0;
        for (Capability capability : capabilities) {
            mask |= 1L << capability.ordinal();
        }
        return mask;
    }

    /** The capabilities whose bits {@code mask} sets; bits this enum does not know (newer kernels) are left out. */
    static Set<Capability> of(long mask) {
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (Capability capability : values()) {
            if ((mask >>> capability.ordinal() & 1) != 0) {
                capabilities.add(capability);
            }
        }
        return capabilities;
    }
}
