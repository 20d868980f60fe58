package dev.ebpfexporter.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BPF ELF object through its lifecycle: open → configure maps → load → attach → close.
 * It owns its links; {@link #close()} detaches and frees everything, and is safe on every error
 * path (partially attached, failed load, already closed).
 */
public final class BpfObject implements AutoCloseable {
    private static final int OPEN_OPTS_SIZE = 80; // struct bpf_object_open_opts in libbpf 1.1
    private static final int OPEN_OPTS_OBJECT_NAME = 8;
    private static final int ATTACH_LOG_LINES = 3;
    private static final int BPF_PROG_TYPE_XDP = 6;
    private static final int BPF_PROG_TYPE_PERF_EVENT = 7;
    private static final int BPF_XDP = 37; // enum bpf_attach_type
    private static volatile int possibleCpus;

    private final String name;
    private final KernelFeatures features;
    // libbpf reads from these until close: they must stay reachable.
    private final Memory elf;
    private final Memory objectName;
    private Pointer object;
    /** Once loaded, a .rodata section is read-only in memory: writing a global would crash. */
    private boolean loaded;
    private final List<BpfProgram> programs = new ArrayList<>();
    private final List<BpfMap> maps = new ArrayList<>();
    private final List<BpfLink> links = new ArrayList<>();
    private final List<PerfEventCounter> perfEventCounters = new ArrayList<>();
    /** The perf_event programs and their events, known from load on. */
    private final Map<BpfProgram, PerfEventSpec> perfEvents = new LinkedHashMap<>();

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
            String build = "build it with clang -g -O2 -target bpf";
            throw new BpfException("bpf_object__open_mem", name, errno, elfBytes.length == 0
                    ? "the file is empty; " + build
                    : "not a usable BPF object (" + build + ")" + opened.said(5));
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

    /**
     * Sets global variable {@code variable} (a u64, typically {@code const volatile u64}) to
     * {@code value}; only before {@link #load()}, which makes a .rodata variable read-only.
     */
    public void writeGlobal(String variable, long value) throws BpfException {
        requireOpen();
        GlobalVariables.Variable found = GlobalVariables.find(object, maps, variable).orElseThrow(() ->
                new BpfException("write global", name + ":" + variable, Errno.ENOENT, "the object has no global"
                        + " variable '" + variable + "'; declare it as const volatile u64 " + variable + " = 0;"));
        if (found.size() != Long.BYTES) {
            throw new BpfException("write global", name + ":" + variable, Errno.EINVAL, "'" + variable + "' is "
                    + found.size() + " bytes; declare it as a u64 (const volatile u64 " + variable + " = 0;)");
        }
        long[] size = new long[1];
        Pointer data = loaded ? null : Libbpf.bpf_map__initial_value(found.section().pointer(), size);
        if (data == null || size[0] < found.offset() + (long) Long.BYTES) {
            throw new BpfException("bpf_map__initial_value", name + ":" + found.section().name(), Errno.EINVAL,
                    "cannot write '" + variable + "': globals can only be written before the object is loaded");
        }
        data.setLong(found.offset(), value);
    }

    /** Creates the maps, applies CO-RE relocations and loads every program through the verifier. */
    public void load() throws BpfException {
        requireOpen();
        for (BpfProgram program : programs) {
            Optional<String> refusal = features.refusal(program.name(), program.section());
            if (refusal.isPresent()) {
                throw new BpfException("bpf_object__load", name, Errno.ENOTSUP, refusal.get());
            }
            if (PerfEventSpec.isPerfEvent(program.section())) {
                perfEvents.put(program, typeAsPerfEvent(program));
            }
            if (SectionName.of(program.section()).isXdpOnInterface()) {
                typeAsXdp(program);
            }
        }
        LibbpfLog.Captured<Integer> loaded = LibbpfLog.capture(() -> Libbpf.bpf_object__load(object));
        if (loaded.result() < 0) {
            int errno = -loaded.result();
            Map<String, String> sections = new LinkedHashMap<>();
            programs.forEach(p -> sections.put(p.name(), p.section()));
            throw new BpfException("bpf_object__load", name, errno, FailureReasons.load(errno, loaded, sections));
        }
        this.loaded = true;
    }

    /** libbpf 1.1 types only a bare SEC("perf_event"), which names no event: ours are typed here. */
    private PerfEventSpec typeAsPerfEvent(BpfProgram program) throws BpfException {
        PerfEventSpec event;
        try {
            event = PerfEventSpec.parse(program.section());
        } catch (IllegalArgumentException e) {
            throw new BpfException("bpf_object__load", name, Errno.EINVAL,
                    "program '" + program.name() + "': " + e.getMessage());
        }
        int rc = Libbpf.bpf_program__set_type(program.pointer(), BPF_PROG_TYPE_PERF_EVENT);
        if (rc < 0) {
            throw new BpfException("bpf_program__set_type", name + ":" + program.name(), -rc, "");
        }
        return event;
    }

    /** What libbpf does for a bare SEC("xdp"), for ebpf_exporter's SEC("xdp/IFNAME"). */
    private void typeAsXdp(BpfProgram program) throws BpfException {
        int rc = Libbpf.bpf_program__set_type(program.pointer(), BPF_PROG_TYPE_XDP);
        if (rc == 0) {
            rc = Libbpf.bpf_program__set_expected_attach_type(program.pointer(), BPF_XDP);
        }
        if (rc < 0) {
            throw new BpfException("bpf_program__set_type", name + ":" + program.name(), -rc, "");
        }
    }

    /**
     * Attaches every program by its SEC() name, a perf_event program to its event on every online
     * CPU. On failure the links made so far stay owned by this object and are released by {@link
     * #close()}.
     *
     * @return the names of the attached programs
     */
    public List<String> attachAll() throws BpfException {
        requireOpen();
        List<String> attached = new ArrayList<>();
        for (BpfProgram program : programs) {
            PerfEventSpec event = perfEvents.get(program);
            SectionName section = SectionName.of(program.section());
            if (event != null) {
                PerfEventLinks.attach(name, program, event, features, links::add);
            } else if (section.isXdpOnInterface()) {
                attachXdp(program, section.target());
            } else {
                attach(program);
            }
            attached.add(program.name());
        }
        return List.copyOf(attached);
    }

    private void attach(BpfProgram program) throws BpfException {
        LibbpfLog.Captured<Pointer> link = LibbpfLog.capture(() -> Libbpf.bpf_program__attach(program.pointer()));
        if (link.result() == null) {
            int errno = Native.getLastError();
            throw new BpfException("bpf_program__attach", name + ":" + program.name(), errno,
                    "cannot attach SEC(\"" + program.section() + "\")"
                            + FailureReasons.attach(errno, program.section()) + link.said(ATTACH_LOG_LINES));
        }
        links.add(new BpfLink(program.name(), link.result()));
    }

    /** To the interface of that name in the exporter's network namespace, in the mode the driver offers. */
    private void attachXdp(BpfProgram program, String interfaceName) throws BpfException {
        String where = name + ":" + program.name();
        int ifindex = Libbpf.LibC.if_nametoindex(interfaceName);
        if (ifindex == 0) {
            throw new BpfException("if_nametoindex", where, Errno.ENODEV, "SEC(\"" + program.section() + "\"): the"
                    + " exporter's network namespace has no interface '" + interfaceName + "' (see ip link); run the"
                    + " exporter in the interface's namespace (hostNetwork on Kubernetes) or rename the section");
        }
        LibbpfLog.Captured<Pointer> link =
                LibbpfLog.capture(() -> Libbpf.bpf_program__attach_xdp(program.pointer(), ifindex));
        if (link.result() == null) {
            int errno = Native.getLastError();
            throw new BpfException("bpf_program__attach_xdp", where, errno, "cannot attach SEC(\"" + program.section()
                    + "\") to interface " + interfaceName + (errno == Errno.EBUSY ? ": another XDP program is"
                    + " attached to it (ip link show dev " + interfaceName + ")" : "") + link.said(ATTACH_LOG_LINES));
        }
        links.add(new BpfLink(program.name(), link.result()));
    }

    void requireOpen() throws BpfException {
        if (object == null) {
            throw new BpfException("use", name, Errno.EBADF, "the object is already closed");
        }
    }

    /** A perf event array's counter polls the map: it stops before the map closes. */
    void closeWithObject(PerfEventCounter counter) {
        perfEventCounters.add(counter);
    }

    @Override
    public void close() {
        perfEventCounters.forEach(PerfEventCounter::close);
        perfEventCounters.clear();
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
    public static int possibleCpus() {
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
