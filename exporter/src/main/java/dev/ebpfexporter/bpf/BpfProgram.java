package dev.ebpfexporter.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** A program of a {@link BpfObject}, known by its function name and its SEC() name. */
public final class BpfProgram {
    // struct bpf_prog_info (uapi): the kernel fills at most the length we pass and tells the rest.
    private static final int INFO_SIZE = 232;
    private static final int INFO_ID = 4;
    private static final int INFO_RUN_TIME_NS = 192;
    private static final int INFO_RUN_CNT = 200;

    private final BpfObject owner;
    private final Pointer program;
    private final String name;
    private final String section;

    BpfProgram(BpfObject owner, Pointer program) {
        this.owner = owner;
        this.program = program;
        this.name = Libbpf.bpf_program__name(program);
        this.section = Libbpf.bpf_program__section_name(program);
    }

    public String name() {
        return name;
    }

    public String section() {
        return section;
    }

    /** The kernel's counters for this program; only once its object is loaded. */
    public ProgramRunStats runStats() throws BpfException {
        owner.requireOpen();
        int fd = Libbpf.bpf_program__fd(program);
        if (fd < 0) {
            throw new BpfException("bpf_program__fd", owner.name() + ":" + name, -fd, "the program is not loaded");
        }
        try (Memory info = new Memory(INFO_SIZE); Memory length = new Memory(Integer.BYTES)) {
            info.clear();
            length.setInt(0, INFO_SIZE);
            int rc = Libbpf.bpf_obj_get_info_by_fd(fd, info, length);
            if (rc < 0) {
                throw new BpfException("bpf_obj_get_info_by_fd", owner.name() + ":" + name, -rc, "");
            }
            return new ProgramRunStats(info.getInt(INFO_ID), info.getLong(INFO_RUN_TIME_NS), info.getLong(INFO_RUN_CNT));
        }
    }

    Pointer pointer() {
        return program;
    }
}
