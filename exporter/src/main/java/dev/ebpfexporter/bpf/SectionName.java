package dev.ebpfexporter.bpf;

import java.util.Set;

/**
 * A program's SEC() name split at its first '/': the kind of hook ("tp_btf", "uprobe") and what
 * it names ("sched_switch", "/bin/bash:readline"; empty for a bare kind such as "perf_event").
 * The one place that knows which kinds belong together.
 */
record SectionName(String kind, String target) {
    /** Kinds that attach through kprobes: kernels built without CONFIG_KPROBES have none of them. */
    private static final Set<String> KPROBE_BASED =
            Set.of("kprobe", "kretprobe", "ksyscall", "kretsyscall", "kprobe.multi", "kretprobe.multi");
    /** Kinds that need BPF trampolines, which some kernels refuse with EPERM. */
    private static final Set<String> TRAMPOLINES = Set.of("fentry", "fexit", "fmod_ret", "fentry.s", "fexit.s",
            "fmod_ret.s");
    private static final Set<String> FUNCTION_PROBES = Set.of("kprobe", "kretprobe");
    private static final Set<String> SYSCALL_PROBES = Set.of("ksyscall", "kretsyscall");
    private static final Set<String> UPROBES = Set.of("uprobe", "uretprobe", "uprobe.s", "uretprobe.s");
    private static final Set<String> CLASSIC_TRACEPOINTS = Set.of("tracepoint", "tp");
    /** libbpf's own xdp/ sections (programs for devmap and cpumap entries), not interface names. */
    private static final Set<String> LIBBPF_XDP_TARGETS = Set.of("devmap", "cpumap");

    static SectionName of(String section) {
        int slash = section.indexOf('/');
        return slash < 0
                ? new SectionName(section, "")
                : new SectionName(section.substring(0, slash), section.substring(slash + 1));
    }

    boolean isKprobeBased() {
        return KPROBE_BASED.contains(kind);
    }

    boolean isTrampoline() {
        return TRAMPOLINES.contains(kind);
    }

    /** kprobe/FUNCTION[+OFFSET] or kretprobe/FUNCTION. */
    boolean isFunctionProbe() {
        return FUNCTION_PROBES.contains(kind);
    }

    boolean isSyscallProbe() {
        return SYSCALL_PROBES.contains(kind);
    }

    boolean isUprobe() {
        return UPROBES.contains(kind);
    }

    /** tracepoint/GROUP/EVENT: looked up in tracefs. */
    boolean isClassicTracepoint() {
        return CLASSIC_TRACEPOINTS.contains(kind);
    }

    /** xdp/IFNAME, ebpf_exporter's form (libbpf knows only a bare "xdp"): attached to that interface. */
    boolean isXdpOnInterface() {
        return kind.equals("xdp") && !target.isEmpty() && !LIBBPF_XDP_TARGETS.contains(target);
    }

    boolean isBtfTracepoint() {
        return kind.equals("tp_btf");
    }
}
