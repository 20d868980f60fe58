package dev.ebpfexporter.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reason given for each way a load or an attach fails, from libbpf 1.1's errno and log. */
class FailureReasonsTest {
    private static final String NO_BTF_TARGET = "libbpf: prog '%s': failed to find kernel BTF type ID of '%s': -3";
    private static final String PRIVILEGES = "loading BPF programs needs root, or CAP_BPF + CAP_PERFMON (classic"
            + " tracepoint/ programs also CAP_DAC_READ_SEARCH to read tracefs); run as root or grant those"
            + " capabilities, and on a reload keep them after attach (--capabilities.keep)";

    static Stream<Arguments> loads() {
        return Stream.of(
                Arguments.of("fentry refused", Errno.EPERM, List.of("libbpf: prog 'on_sleep': failed to load: -1"),
                        Map.of("on_sleep", "fentry/do_nanosleep"),
                        "program 'on_sleep' uses SEC(\"fentry/do_nanosleep\"), and this kernel refuses fentry/fexit"
                                + " programs; attach to a tracepoint/, raw_tp/ or tp_btf/ hook instead"),
                Arguments.of("no privilege", Errno.EPERM, List.of(), Map.of("on_fault", "tp_btf/page_fault_user"),
                        PRIVILEGES),
                Arguments.of("tp_btf of no tracepoint", Errno.ESRCH,
                        List.of(NO_BTF_TARGET.formatted("on_event", "no_such_event_xyz")),
                        Map.of("on_fault", "tp_btf/page_fault_user", "on_event", "tp_btf/no_such_event_xyz"),
                        "program 'on_event' uses SEC(\"tp_btf/no_such_event_xyz\"), but this kernel's BTF"
                                + " (/sys/kernel/btf/vmlinux and modules') has no tracepoint 'no_such_event_xyz': the"
                                + " name is wrong, or this kernel lacks the tracepoint; tp_btf/ takes the event name"
                                + " without its group (tp_btf/sched_switch), and `bpftool btf dump file"
                                + " /sys/kernel/btf/vmlinux | grep btf_trace_` lists those there are: attach to one"
                                + " of them"),
                Arguments.of("fexit of no function", Errno.ESRCH,
                        List.of("libbpf: loading object", NO_BTF_TARGET.formatted("on_exit", "no_such_fn")),
                        Map.of("on_exit", "fexit/no_such_fn"),
                        "program 'on_exit' uses SEC(\"fexit/no_such_fn\"), but this kernel's BTF"
                                + " (/sys/kernel/btf/vmlinux and modules') has no function 'no_such_fn': the name is"
                                + " wrong, or this kernel lacks the function (or renamed or inlined it); `bpftool btf"
                                + " dump file /sys/kernel/btf/vmlinux | grep \"FUNC 'no_such_fn'\"` shows whether it"
                                + " exists: attach to a function that does, or to a tp_btf/ tracepoint"),
                Arguments.of("lsm of no hook", Errno.ESRCH, List.of(NO_BTF_TARGET.formatted("on_lsm", "no_hook")),
                        Map.of("on_lsm", "lsm/no_hook"),
                        "program 'on_lsm' uses SEC(\"lsm/no_hook\"), but this kernel's BTF"
                                + " (/sys/kernel/btf/vmlinux and modules') has no 'no_hook': the name is wrong, or"
                                + " this kernel lacks it; check it against `bpftool btf dump file"
                                + " /sys/kernel/btf/vmlinux`"),
                Arguments.of("ESRCH without a BTF lookup", Errno.ESRCH, List.of("libbpf: something else"),
                        Map.of("on_event", "tp_btf/sched_switch"), "libbpf said:\nlibbpf: something else"),
                Arguments.of("verifier", Errno.EACCES,
                        List.of("libbpf: prog 'p': BPF program load failed: Permission denied",
                                "libbpf: prog 'p': -- BEGIN PROG LOAD LOG --\n"
                                        + "R1 invalid mem access 'map_value_or_null'",
                                "-- END PROG LOAD LOG --"),
                        Map.of("p", "tp_btf/sys_enter"),
                        "the verifier rejected a program; the end of its log:\nlibbpf: prog 'p': BPF program load"
                                + " failed: Permission denied\nlibbpf: prog 'p': -- BEGIN PROG LOAD LOG --\nR1 invalid"
                                + " mem access 'map_value_or_null'\n-- END PROG LOAD LOG --"),
                Arguments.of("anything else", Errno.EINVAL, List.of("libbpf: prog 'p': missing BPF prog type"),
                        Map.of("p", "unknown/x"), "libbpf said:\nlibbpf: prog 'p': missing BPF prog type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void loads(String name, int errno, List<String> log, Map<String, String> sections, String reason) {
        LibbpfLog.Captured<Integer> loaded = new LibbpfLog.Captured<>(-errno, log);
        assertThat(FailureReasons.load(errno, loaded, new LinkedHashMap<>(sections))).isEqualTo(reason);
    }

    static Stream<Arguments> attaches() {
        String tracepoint = ": no such tracepoint on this kernel, or tracefs is not mounted"
                + " (mount -t tracefs nodev /sys/kernel/tracing)";
        return Stream.of(
                Arguments.of(Errno.ENOENT, "tracepoint/no_such/event", tracepoint),
                Arguments.of(Errno.ENOENT, "tp/sched/no_such_event", tracepoint),
                Arguments.of(Errno.ENOENT, "kprobe/no_such_fn+0x10", ": this kernel has no function 'no_such_fn' to"
                        + " probe (`grep -w no_such_fn /proc/kallsyms` finds none, or it is inlined or not probeable);"
                        + " probe a function this kernel has, or attach to a tracepoint"),
                Arguments.of(Errno.ENOENT, "kretprobe/gone", ": this kernel has no function 'gone' to probe (`grep -w"
                        + " gone /proc/kallsyms` finds none, or it is inlined or not probeable); probe a function this"
                        + " kernel has, or attach to a tracepoint"),
                Arguments.of(Errno.ENOENT, "ksyscall/no_such_call", ": this kernel has no system call 'no_such_call';"
                        + " name one it has (ksyscall/ takes the name without sys_, e.g. ksyscall/openat)"),
                Arguments.of(Errno.ENOENT, "uprobe//no/such/binary:main",
                        ": the binary '/no/such/binary' does not exist; write the path of one that does"),
                Arguments.of(Errno.ENOENT, "uretprobe/libfoo.so.1:foo_init+8", ": 'libfoo.so.1' is not on PATH,"
                        + " /usr/bin or /usr/sbin (libraries: LD_LIBRARY_PATH, /usr/lib64, /usr/lib), or it has no"
                        + " symbol 'foo_init'; write the binary's absolute path and a function it has"),
                Arguments.of(Errno.ESRCH, "raw_tp/no_such_event", ": the hook does not exist on this kernel"),
                Arguments.of(Errno.ENOENT, "uprobe/no_colon", ": the hook does not exist on this kernel"),
                Arguments.of(Errno.EINVAL, "tracepoint/sched/sched_switch", ""),
                Arguments.of(Errno.E2BIG, "kprobe/do_nanosleep", ""));
    }

    @ParameterizedTest
    @MethodSource
    void attaches(int errno, String section, String reason) {
        assertThat(FailureReasons.attach(errno, section)).isEqualTo(reason);
    }

    @Test
    void aUprobeOfABinaryThatExistsLacksTheSymbol(@TempDir Path dir) throws IOException {
        Path binary = Files.writeString(dir.resolve("tool"), "");
        assertThat(FailureReasons.attach(Errno.ENOENT, "uprobe/" + binary + ":no_such_symbol"))
                .isEqualTo(": the binary '" + binary + "' has no symbol 'no_such_symbol' (`readelf -Ws " + binary
                        + "` lists the ones it has); name a function it has");
    }
}
