package dev.ebpfexporter.bpf;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Least privilege once the programs are attached: every thread of the process keeps only the
 * chosen capabilities (of those it holds), none inheritable or ambient, the rest leave the bounding
 * set where the process may change it (CAP_SETPCAP), and no_new_privs is set. Linux keeps all of
 * that per thread, so the work is done by a small native library (src/main/native/allthreads.c)
 * that runs it in every thread, and then checked thread by thread in /proc.
 */
public final class Privileges {
    /** Every thread handles its signal within microseconds; a thread that has not in 5 s blocks it. */
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int ERROR_SIZE = 256;

    private Privileges() {}

    /** The native library; JNA unpacks it from the jar's linux-ARCH directory. */
    private static final class AllThreads {
        static {
            Native.register(AllThreads.class, NativeLibrary.getInstance("ebpfexporter-allthreads"));
        }

        private AllThreads() {}

        /** 0, or -1 with a sentence (NUL-terminated) in {@code error}. */
        static native int ebpf_exporter_restrict_all_threads(long keep, int timeoutMillis, byte[] error, int errorSize);
    }

    /**
     * Restricts every thread to {@code keep} and returns what they all hold afterwards.
     *
     * @throws BpfException when a thread could not be changed, or /proc shows one that differs
     */
    public static Set<Capability> restrictAllThreads(Set<Capability> keep) throws BpfException {
        byte[] error = new byte[ERROR_SIZE];
        long mask = Capability.mask(keep);
        if (AllThreads.ebpf_exporter_restrict_all_threads(mask, TIMEOUT_MILLIS, error, ERROR_SIZE) != 0) {
            throw failure(Native.toString(error));
        }
        return verify(ThreadPrivileges.ofThisProcess(), mask);
    }

    /** What every thread holds, when all of them hold the same: within {@code keep}, nothing to pass on, no_new_privs. */
    static Set<Capability> verify(List<ThreadPrivileges> threads, long keep) throws BpfException {
        ThreadPrivileges first = threads.get(0);
        for (ThreadPrivileges thread : threads) {
            Optional<String> wrong = wrong(thread, first, keep);
            if (wrong.isPresent()) {
                throw failure("thread " + thread.thread() + " " + wrong.get());
            }
        }
        return Capability.of(first.effective());
    }

    /** What {@code thread} holds beyond the drop, or differently from {@code first}; empty when nothing. */
    private static Optional<String> wrong(ThreadPrivileges thread, ThreadPrivileges first, long keep) {
        if (thread.effective() != first.effective() || thread.permitted() != first.permitted()
                || thread.bounding() != first.bounding()) {
            return Optional.of("capabilities differ from thread " + first.thread() + "'s");
        }
        if (thread.permitted() != thread.effective()) {
            return Optional.of("permitted and effective capabilities differ");
        }
        if ((thread.permitted() & ~keep) != 0) {
            return Optional.of("holds " + names(thread.permitted() & ~keep) + " still");
        }
        if (thread.inheritable() != 0 || thread.ambient() != 0) {
            return Optional.of("can still pass capabilities on");
        }
        return thread.noNewPrivs() ? Optional.empty() : Optional.of("no_new_privs is not set");
    }

    private static String names(long mask) {
        return Capability.of(mask).stream().map(Capability::capName).collect(Collectors.joining(","));
    }

    private static BpfException failure(String detail) {
        return new BpfException("restrict capabilities", "every thread", 0, detail);
    }
}
