package dev.ebpfexporter.bpf;

import com.sun.jna.Pointer;

/** A program of a {@link BpfObject}, known by its function name and its SEC() name. */
public final class BpfProgram {
    private final Pointer program;
    private final String name;
    private final String section;

    BpfProgram(Pointer program) {
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

    Pointer pointer() {
        return program;
    }
}
