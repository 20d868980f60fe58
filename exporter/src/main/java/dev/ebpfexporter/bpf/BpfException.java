package dev.ebpfexporter.bpf;

/**
 * A failed libbpf or bpf() call: which operation, on which object, the errno, and what to do.
 * The message is complete on its own, ready for a log line.
 */
public class BpfException extends Exception {
    private final String operation;
    private final int errno;

    public BpfException(String operation, String object, int errno, String detail) {
        super(operation + "(" + object + "): " + Errno.name(errno) + (detail.isEmpty() ? "" : " — " + detail));
        this.operation = operation;
        this.errno = errno;
    }

    public String operation() {
        return operation;
    }

    /** Positive errno, or 0 when the failure had none. */
    public int errno() {
        return errno;
    }
}
