package dev.ebpfexporter.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the running kernel can attach and where, found by probing the running system (never by kernel
 * version), so that a program it can't run is refused before load with a message that says what
 * to use, and a per-CPU event is opened on the CPUs there are.
 */
public final class KernelFeatures {
    private static final int SYSCTL_MAX_BYTES = 4096;

    private final Path sysRoot;

    /** @param sysRoot the root under which /sys and /proc are found: "/" on a real system */
    public KernelFeatures(Path sysRoot) {
        this.sysRoot = sysRoot;
    }

    public static KernelFeatures probe() {
        return new KernelFeatures(Path.of("/"));
    }

    /** The kprobe PMU exists only when the kernel is built with CONFIG_KPROBES. */
    public boolean hasKprobes() {
        return Files.exists(sysRoot.resolve("sys/bus/event_source/devices/kprobe"))
                || Files.exists(sysRoot.resolve("sys/kernel/tracing/kprobe_events"))
                || Files.exists(sysRoot.resolve("sys/kernel/debug/tracing/kprobe_events"));
    }

    /** The online CPUs, where a perf event for every task of a CPU can be opened. */
    List<Integer> onlineCpus() throws IOException {
        Path online = sysRoot.resolve("sys/devices/system/cpu/online");
        try {
            return CpuList.parse(Files.readString(online));
        } catch (IllegalArgumentException e) {
            throw new IOException(online + ": " + e.getMessage(), e);
        }
    }

    /** A sysctl's value, e.g. "kernel.perf_event_max_sample_rate"; empty where it is absent or unreadable. */
    Optional<String> sysctl(String name) {
        // An integer sysctl answers only a read at offset 0, so read it in one call: Files.readString
        // reads a file of size 0 (as procfs reports) one byte first, and would get "1" of "100000".
        try (InputStream in = Files.newInputStream(sysRoot.resolve("proc/sys").resolve(name.replace('.', '/')))) {
            return Optional.of(new String(in.readNBytes(SYSCTL_MAX_BYTES), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Why a program with this SEC() name cannot run on the running kernel, or empty when nothing is known against it. */
    public Optional<String> refusal(String program, String section) {
        if (SectionName.of(section).isKprobeBased() && !hasKprobes()) {
            return Optional.of("program '" + program + "' uses SEC(\"" + section + "\"), but this kernel has no"
                    + " kprobes (CONFIG_KPROBES is not set); attach to a tracepoint/, raw_tp/ or tp_btf/ hook instead");
        }
        return Optional.empty();
    }
}
