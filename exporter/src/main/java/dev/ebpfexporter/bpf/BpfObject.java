package dev.ebpfexporter.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A BPF ELF object through its lifecycle: open → configure maps → load → attach → close.
 * It owns its links; {@link #close()} detaches and frees everything, and is safe on every error
 * path (partially attached, failed load, already closed).
 */
public final class BpfObject implements AutoCloseable {
    private static final int OPEN_OPTS_SIZE = 80; // struct bpf_object_open_opts in libbpf 1.1
    private static final int OPEN_OPTS_OBJECT_NAME = 8;
    private static final int VERIFIER_LOG_LINES = 20;
    private static volatile int possibleCpus;

    private final String name;
    private final KernelFeatures features;
    // libbpf reads from these until close: they must stay reachable.
    private final Memory elf;
    private final Memory objectName;
    private Pointer object;
    private final List<BpfProgram> programs = new ArrayList<>();
    private final List<BpfMap> maps = new ArrayList<>();
    private final List<BpfLink> links = new ArrayList<>();

    private BpfObject(String name, KernelFeatures features, Memory elf, Memory objectName, Pointer object) {
        this.name = name;
        this.features = features;
        this.elf = elf;
        this.objectName = objectName;
        this.object = object;
        for (Pointer p = Libbpf.bpf_object__next_program(object, null); p != null;
                p = Libbpf.bpf_object__next_program(object, p)) {
            programs.add(new BpfProgram(this, p));
        }
        for (Pointer m = Libbpf.bpf_object__next_map(object, null); m != null; m = Libbpf.bpf_object__next_map(object, m)) {
            maps.add(new BpfMap(this, m));
        }
    }

    /**
     * Opens an ELF object held in memory.
     *
     * @param name what messages call it, e.g. "page-faults.bpf.o"
     */
    public static BpfObject open(String name, byte[] elfBytes, KernelFeatures features) throws BpfException {
        LibbpfLog.install();
        Memory elf = new Memory(Math.max(1, elfBytes.length));
        elf.write(0, elfBytes, 0, elfBytes.length);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        Memory objectName = new Memory(nameBytes.length + 1L);
        objectName.clear();
        objectName.write(0, nameBytes, 0, nameBytes.length);
        Memory opts = new Memory(OPEN_OPTS_SIZE);
        opts.clear();
        opts.setLong(0, OPEN_OPTS_SIZE);
        opts.setPointer(OPEN_OPTS_OBJECT_NAME, objectName);

        LibbpfLog.Captured<Pointer> opened =
                LibbpfLog.capture(() -> Libbpf.bpf_object__open_mem(elf, elfBytes.length, opts));
        if (opened.result() == null) {
            int errno = Native.getLastError();
            throw new BpfException("bpf_object__open_mem", name, errno,
                    "not a usable BPF object (build it with clang -g -O2 -target bpf): " + opened.tail(5));
        }
        return new BpfObject(name, features, elf, objectName, opened.result());
    }

    public String name() {
        return name;
    }

    public List<BpfProgram> programs() {
        return Collections.unmodifiableList(programs);
    }

    public List<BpfMap> maps() {
        return Collections.unmodifiableList(maps);
    }

    public Optional<BpfMap> map(String mapName) {
        return maps.stream().filter(m -> m.name().equals(mapName)).findFirst();
    }

    /** Creates the maps, applies CO-RE relocations and loads every program through the verifier. */
    public void load() throws BpfException {
        requireOpen();
        for (BpfProgram program : programs) {
            Optional<String> refusal = features.refusal(program.name(), program.section());
            if (refusal.isPresent()) {
                throw new BpfException("bpf_object__load", name, Errno.ENOTSUP, refusal.get());
            }
        }
        LibbpfLog.Captured<Integer> loaded = LibbpfLog.capture(() -> Libbpf.bpf_object__load(object));
        if (loaded.result() < 0) {
            int errno = -loaded.result();
            throw new BpfException("bpf_object__load", name, errno, explainLoadFailure(errno, loaded));
        }
    }

    private String explainLoadFailure(int errno, LibbpfLog.Captured<Integer> loaded) {
        String log = loaded.log().toString();
        boolean verifierSpoke = log.contains("BEGIN PROG LOAD LOG");
        if (errno == Errno.EPERM && !verifierSpoke) {
            Optional<BpfProgram> trampoline =
                    programs.stream().filter(p -> KernelFeatures.isTrampoline(p.section())).findFirst();
            if (trampoline.isPresent()) {
                return "program '" + trampoline.get().name() + "' uses SEC(\"" + trampoline.get().section()
                        + "\"), and this kernel refuses fentry/fexit programs; attach to a tracepoint/, raw_tp/"
                        + " or tp_btf/ hook instead";
            }
            return "loading BPF programs needs root, or CAP_BPF + CAP_PERFMON (classic tracepoint/ programs"
                    + " also CAP_DAC_READ_SEARCH to read tracefs); run as root or grant those capabilities";
        }
        if (verifierSpoke) {
            return "the verifier rejected a program; the end of its log:\n" + loaded.tail(VERIFIER_LOG_LINES);
        }
        return "libbpf said:\n" + loaded.tail(VERIFIER_LOG_LINES);
    }

    /**
     * Attaches every program by its SEC() name. On failure the links made so far stay owned by
     * this object and are released by {@link #close()}.
     *
     * @return the names of the attached programs
     */
    public List<String> attachAll() throws BpfException {
        requireOpen();
        List<String> attached = new ArrayList<>();
        for (BpfProgram program : programs) {
            LibbpfLog.Captured<Pointer> link = LibbpfLog.capture(() -> Libbpf.bpf_program__attach(program.pointer()));
            if (link.result() == null) {
                int errno = Native.getLastError();
                throw new BpfException("bpf_program__attach", name + ":" + program.name(), errno,
                        "cannot attach SEC(\"" + program.section() + "\")" + attachHint(errno, program.section())
                                + (link.log().isEmpty() ? "" : "; libbpf said: " + link.tail(3)));
            }
            links.add(new BpfLink(program.name(), link.result()));
            attached.add(program.name());
        }
        return List.copyOf(attached);
    }

    private static String attachHint(int errno, String section) {
        if (errno == Errno.ENOENT && section.startsWith("tracepoint/")) {
            return ": no such tracepoint on this kernel, or tracefs is not mounted"
                    + " (mount -t tracefs nodev /sys/kernel/tracing)";
        }
        if (errno == Errno.ENOENT || errno == Errno.ESRCH) {
            return ": the hook does not exist on this kernel";
        }
        return "";
    }

    void requireOpen() throws BpfException {
        if (object == null) {
            throw new BpfException("use", name, Errno.EBADF, "the object is already closed");
        }
    }

    @Override
    public void close() {
        for (int i = links.size() - 1; i >= 0; i--) {
            links.get(i).close();
        }
        links.clear();
        if (object != null) {
            Libbpf.bpf_object__close(object);
            object = null;
            elf.close();
            objectName.close();
        }
    }

    /** Possible (not online) CPUs: per-CPU maps hold a value slot for each. */
    static int possibleCpus() {
        if (possibleCpus == 0) {
            int cpus = Libbpf.libbpf_num_possible_cpus();
            if (cpus <= 0) {
                throw new IllegalStateException("libbpf_num_possible_cpus failed: " + Errno.name(-cpus));
            }
            possibleCpus = cpus;
        }
        return possibleCpus;
    }
}
