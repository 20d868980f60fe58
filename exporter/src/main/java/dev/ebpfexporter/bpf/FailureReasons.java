package dev.ebpfexporter.bpf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why libbpf could not load or attach a program, in words that name the program and its hook and
 * say what to do, from the errno, what libbpf logged and the programs' SEC() names.
 */
final class FailureReasons {
    private static final int LOAD_LOG_LINES = 20;
    /** libbpf 1.x, at load, when a BTF-attached program (tp_btf, fentry, ...) names what the kernel's BTF lacks. */
    private static final Pattern NO_BTF_TARGET =
            Pattern.compile("prog '([^']+)': failed to find kernel BTF type ID of '([^']+)'");

    private FailureReasons() {}

    /**
     * Why bpf_object__load failed.
     *
     * @param sections every program's SEC() name by program name
     */
    static String load(int errno, LibbpfLog.Captured<?> loaded, Map<String, String> sections) {
        String log = String.join("\n", loaded.log());
        boolean verifierSpoke = log.contains("BEGIN PROG LOAD LOG");
        if (errno == Errno.EPERM && !verifierSpoke) {
            Optional<Map.Entry<String, String>> trampoline = sections.entrySet().stream()
                    .filter(p -> SectionName.of(p.getValue()).isTrampoline()).findFirst();
            if (trampoline.isPresent()) {
                return "program '" + trampoline.get().getKey() + "' uses SEC(\"" + trampoline.get().getValue()
                        + "\"), and this kernel refuses fentry/fexit programs; attach to a tracepoint/, raw_tp/"
                        + " or tp_btf/ hook instead";
            }
            return "loading BPF programs needs root, or CAP_BPF + CAP_PERFMON (classic tracepoint/ programs"
                    + " also CAP_DAC_READ_SEARCH to read tracefs); run as root or grant those capabilities, and on a"
                    + " reload keep them after attach (--capabilities.keep)";
        }
        Matcher noTarget = NO_BTF_TARGET.matcher(log);
        if (errno == Errno.ESRCH && noTarget.find() && sections.containsKey(noTarget.group(1))) {
            return noBtfTarget(noTarget.group(1), sections.get(noTarget.group(1)), noTarget.group(2));
        }
        if (verifierSpoke) {
            return "the verifier rejected a program; the end of its log:\n" + loaded.tail(LOAD_LOG_LINES);
        }
        return "libbpf said:\n" + loaded.tail(LOAD_LOG_LINES);
    }

    private static String noBtfTarget(String program, String section, String target) {
        String uses = "program '" + program + "' uses SEC(\"" + section + "\"), but this kernel's BTF"
                + " (/sys/kernel/btf/vmlinux and modules') has no ";
        SectionName hook = SectionName.of(section);
        if (hook.isBtfTracepoint()) {
            return uses + "tracepoint '" + target + "': the name is wrong, or this kernel lacks the tracepoint;"
                    + " tp_btf/ takes the event name without its group (tp_btf/sched_switch), and `bpftool btf dump"
                    + " file /sys/kernel/btf/vmlinux | grep btf_trace_` lists those there are: attach to one of them";
        }
        if (hook.isTrampoline()) {
            return uses + "function '" + target + "': the name is wrong, or this kernel lacks the function (or"
                    + " renamed or inlined it); `bpftool btf dump file /sys/kernel/btf/vmlinux | grep \"FUNC '"
                    + target + "'\"` shows whether it exists: attach to a function that does, or to a tp_btf/"
                    + " tracepoint";
        }
        return uses + "'" + target + "': the name is wrong, or this kernel lacks it; check it against `bpftool"
                + " btf dump file /sys/kernel/btf/vmlinux`";
    }

    /** Why bpf_program__attach failed, as ": reason; what to do", or empty when the errno says it all. */
    static String attach(int errno, String section) {
        if (errno != Errno.ENOENT && errno != Errno.ESRCH) {
            return "";
        }
        SectionName hook = SectionName.of(section);
        if (hook.isClassicTracepoint()) {
            return ": no such tracepoint on this kernel, or tracefs is not mounted"
                    + " (mount -t tracefs nodev /sys/kernel/tracing)";
        }
        if (hook.isFunctionProbe()) {
            String function = hook.target().split("\\+", 2)[0];
            return ": this kernel has no function '" + function + "' to probe (`grep -w " + function
                    + " /proc/kallsyms` finds none, or it is inlined or not probeable); probe a function this"
                    + " kernel has, or attach to a tracepoint";
        }
        if (hook.isSyscallProbe()) {
            return ": this kernel has no system call '" + hook.target() + "'; name one it has (ksyscall/ takes"
                    + " the name without sys_, e.g. ksyscall/openat)";
        }
        if (hook.isUprobe() && hook.target().contains(":")) {
            return missingUprobeTarget(hook.target());
        }
        return ": the hook does not exist on this kernel";
    }

    /** A uprobe's target is "binary:symbol[+offset]"; libbpf finds the binary on PATH when it has no '/'. */
    private static String missingUprobeTarget(String target) {
        String binary = target.substring(0, target.indexOf(':'));
        String symbol = target.substring(target.indexOf(':') + 1).split("\\+", 2)[0];
        if (!binary.contains("/")) {
            return ": '" + binary + "' is not on PATH, /usr/bin or /usr/sbin (libraries: LD_LIBRARY_PATH,"
                    + " /usr/lib64, /usr/lib), or it has no symbol '" + symbol + "'; write the binary's absolute"
                    + " path and a function it has";
        }
        if (!Files.exists(Path.of(binary))) {
            return ": the binary '" + binary + "' does not exist; write the path of one that does";
        }
        return ": the binary '" + binary + "' has no symbol '" + symbol + "' (`readelf -Ws " + binary
                + "` lists the ones it has); name a function it has";
    }
}
