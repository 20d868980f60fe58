package dev.ebpfexporter.bpf;

import com.sun.jna.Pointer;

/** An attached program; closing it detaches the program from its hook. */
public final class BpfLink implements AutoCloseable {
    private final String programName;
    private Pointer link;

    BpfLink(String programName, Pointer link) {
        this.programName = programName;
        this.link = link;
    }

    public String programName() {
        return programName;
    }

    @Override
    public void close() {
        if (link != null) {
            Libbpf.bpf_link__destroy(link);
            link = null;
        }
    }
}
