package dev.ebpfexporter.bpf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What this kernel can attach, found by probing the running system (never by kernel version),
 * so that a program it can't run is refused before load with a message that says what to use.
 */
public final class KernelFeatures {
    private static final List<String> KPROBE_SECTIONS =
            List.of("kprobe", "kretprobe", "ksyscall", "kretsyscall", "kprobe.multi", "kretprobe.multi");
    private static final List<String> TRAMPOLINE_SECTIONS =
            List.of("fentry", "fexit", "fmod_ret", "fentry.s", "fexit.s", "fmod_ret.s");

    private final Path sysRoot;

    /** @param sysRoot the root under which /sys is found: "/" on a real system */
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

    /** Why a program with this SEC() name cannot run here, or empty when nothing is known against it. */
    public Optional<String> refusal(String program, String section) {
        if (isKind(section, KPROBE_SECTIONS) && !hasKprobes()) {
            return Optional.of("program '" + program + "' uses SEC(\"" + section + "\"), but this kernel has no"
                    + " kprobes (CONFIG_KPROBES is not set); attach to a tracepoint/, raw_tp/ or tp_btf/ hook instead");
        }
        return Optional.empty();
    }

    /** fentry/fexit need BPF trampolines, which some kernels (this lab's among them) refuse with EPERM. */
    static boolean isTrampoline(String section) {
        return isKind(section, TRAMPOLINE_SECTIONS);
    }

    private static boolean isKind(String section, List<String> kinds) {
        String kind = section.contains("/") ? section.substring(0, section.indexOf('/')) : section;
        return kinds.contains(kind);
    }
}
