package dev.ebpfexporter.bpf;

/** Names for the errno values libbpf and bpf() return, for messages a person reads. */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int E2BIG = 7;
    static final int EBADF = 9;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int ENOTSUP = 95;

    private Errno() {}

    static String name(int errno) {
        return switch (errno) {
            case 0 -> "failed";
            case EPERM -> "EPERM (operation not permitted)";
            case ENOENT -> "ENOENT (no such file or entry)";
            case ESRCH -> "ESRCH (no such process)";
            case 4 -> "EINTR (interrupted)";
            case E2BIG -> "E2BIG (too big)";
            case EBADF -> "EBADF (bad file descriptor)";
            case 12 -> "ENOMEM (out of memory)";
            case EACCES -> "EACCES (permission denied)";
            case 14 -> "EFAULT (bad address)";
            case EBUSY -> "EBUSY (busy)";
            case 17 -> "EEXIST (exists)";
            case ENODEV -> "ENODEV (no such device)";
            case EINVAL -> "EINVAL (invalid argument)";
            case 28 -> "ENOSPC (no space)";
            case ENOSYS -> "ENOSYS (function not implemented)";
            case ENOTSUP -> "EOPNOTSUPP (not supported)";
            case 524 -> "ENOTSUPP (not supported by this kernel)";
            case 4007 -> "LIBBPF_ERRNO__FORMAT (not a valid BPF ELF object)";
            default -> "errno " + errno;
        };
    }
}
