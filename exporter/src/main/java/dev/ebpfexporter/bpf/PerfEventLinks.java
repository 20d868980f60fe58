package dev.ebpfexporter.bpf;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Attaches a perf_event program: opens its event on every online CPU and links the program to
 * each, one link per CPU. libbpf owns an event's fd once the link for it exists (bpf_link__destroy
 * closes both); until then the fd is closed here.
 */
final class PerfEventLinks {
    private static final int LOG_LINES = 3;

    private PerfEventLinks() {}

    /**
     * @param owner takes each link as soon as it exists, so that when a later CPU fails, the links
     *     made on the CPUs before it are released with their owner
     */
    static void attach(String objectName, BpfProgram program, PerfEventSpec event, KernelFeatures features,
            Consumer<BpfLink> owner) throws BpfException {
        String where = objectName + ":" + program.name();
        for (int cpu : onlineCpus(where, features)) {
            String onCpu = "SEC(\"" + program.section() + "\") on CPU " + cpu;
            int fd = PerfEventOpen.open(event, cpu);
            if (fd < 0) {
                throw new BpfException("perf_event_open", where, -fd,
                        onCpu + ": " + PerfEventOpen.whyNot(-fd, event, features));
            }
            LibbpfLog.Captured<Pointer> link =
                    LibbpfLog.capture(() -> Libbpf.bpf_program__attach_perf_event(program.pointer(), fd));
            if (link.result() == null) {
                int errno = Native.getLastError();
                Libbpf.LibC.close(fd);
                throw new BpfException("bpf_program__attach_perf_event", where, errno,
                        "cannot attach " + onCpu + link.said(LOG_LINES));
            }
            owner.accept(new BpfLink(program.name(), link.result()));
        }
    }

    private static List<Integer> onlineCpus(String where, KernelFeatures features) throws BpfException {
        try {
            return features.onlineCpus();
        } catch (IOException e) {
            throw new BpfException("read online CPUs", where, 0, e.getMessage());
        }
    }
}
