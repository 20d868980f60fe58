package dev.ebpfexporter.bpf;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Direct JNA mapping of the libbpf 1.x calls the exporter uses (and, in {@link LibC}, the few libc
 * calls around them). Direct mapping costs ~0.1–0.3 µs a call, interface mapping ~1 µs more.
 *
 * <p>libbpf leaves a stale errno after successful calls, so no method is declared to throw
 * LastErrorException: callers check the return value first and only then read {@link
 * Native#getLastError()} (for NULL returns) or use the negative return value as -errno.
 */
final class Libbpf {
    /** The versioned soname: the unversioned one exists only with libbpf-dev installed. */
    static final String LIBRARY = "libbpf.so.1";

    static final int LIBBPF_WARN = 0;
    static final int LIBBPF_INFO = 1;
    static final int LIBBPF_DEBUG = 2;

    static {
        Native.register(Libbpf.class, NativeLibrary.getInstance(LIBRARY));
    }

    private Libbpf() {}

    /** libbpf_print_fn_t: (enum libbpf_print_level level, const char *fmt, va_list args). */
    interface PrintFn extends Callback {
        int invoke(int level, String format, Pointer vaList);
    }

    static native Pointer libbpf_set_print(PrintFn fn);

    static native int libbpf_num_possible_cpus();

    /** perf_buffer_sample_fn: (void *ctx, int cpu, void *data, __u32 size). */
    interface PerfBufferSampleFn extends Callback {
        void invoke(Pointer ctx, int cpu, Pointer data, int size);
    }

    /** perf_buffer_lost_fn: (void *ctx, int cpu, __u64 cnt). */
    interface PerfBufferLostFn extends Callback {
        void invoke(Pointer ctx, int cpu, long count);
    }

    static native Pointer perf_buffer__new(int mapFd, long pageCount, PerfBufferSampleFn sample,
            PerfBufferLostFn lost, Pointer ctx, Pointer opts);

    /** Runs the callbacks of the samples that arrive within {@code timeoutMs}; returns their number or -errno. */
    static native int perf_buffer__poll(Pointer buffer, int timeoutMs);

    static native void perf_buffer__free(Pointer buffer);

    static native Pointer bpf_object__open_mem(Pointer buffer, long size, Pointer opts);

    static native int bpf_object__load(Pointer object);

    static native void bpf_object__close(Pointer object);

    static native Pointer bpf_object__next_program(Pointer object, Pointer previous);

    static native Pointer bpf_object__next_map(Pointer object, Pointer previous);

    static native String bpf_program__name(Pointer program);

    static native String bpf_program__section_name(Pointer program);

    static native Pointer bpf_program__attach(Pointer program);

    /** Must precede load; libbpf 1.1 types a perf_event program only when its SEC() is a bare "perf_event". */
    static native int bpf_program__set_type(Pointer program, int type);

    static native int bpf_program__set_expected_attach_type(Pointer program, int type);

    static native Pointer bpf_program__attach_xdp(Pointer program, int ifindex);

    /** On success the link owns {@code perfEventFd} (bpf_link__destroy closes it); on failure the caller does. */
    static native Pointer bpf_program__attach_perf_event(Pointer program, int perfEventFd);

    static native int bpf_program__fd(Pointer program);

    static native int bpf_obj_get_info_by_fd(int fd, Pointer info, Pointer infoLength);

    /** Turns on run-time stats for as long as the returned fd stays open; -errno on failure. */
    static native int bpf_enable_stats(int type);

    static native int bpf_link__destroy(Pointer link);

    static native String bpf_map__name(Pointer map);

    static native int bpf_map__type(Pointer map);

    static native int bpf_map__key_size(Pointer map);

    static native int bpf_map__value_size(Pointer map);

    static native int bpf_map__max_entries(Pointer map);

    static native int bpf_map__set_max_entries(Pointer map, int maxEntries);

    static native int bpf_map__fd(Pointer map);

    /** C bool: one byte. */
    static native byte bpf_map__is_internal(Pointer map);

    /** The data of a .data/.rodata/.bss map, writable until load; its size goes to {@code size[0]}. */
    static native Pointer bpf_map__initial_value(Pointer map, long[] size);

    static native Pointer bpf_object__btf(Pointer object);

    static native int btf__type_cnt(Pointer btf);

    /** A struct btf_type: name_off, info (vlen, kind), size or type; for a DATASEC, btf_var_secinfo entries follow. */
    static native Pointer btf__type_by_id(Pointer btf, int id);

    static native String btf__name_by_offset(Pointer btf, int offset);

    static native int bpf_map_lookup_batch(
            int fd, Pointer inBatch, Pointer outBatch, Pointer keys, Pointer values, Pointer count, Pointer opts);

    static native int bpf_map_get_next_key(int fd, Pointer key, Pointer nextKey);

    static native int bpf_map_lookup_elem(int fd, Pointer key, Pointer value);

    static native int bpf_map_update_elem(int fd, Pointer key, Pointer value, long flags);

    static native int bpf_map_delete_elem(int fd, Pointer key);

    /** BPF_MAP_LOOKUP_AND_DELETE_ELEM: hash maps since Linux 5.14; -errno on failure (-ENOENT: no such key). */
    static native int bpf_map_lookup_and_delete_elem(int fd, Pointer key, Pointer value);

    /**
     * libc, to expand libbpf's printf-style log messages (one va_list can be read only once), close
     * fds, and make the one system call glibc does not wrap (perf_event_open).
     */
    static final class LibC {
        static {
            Native.register(LibC.class, NativeLibrary.getInstance("c"));
        }

        private LibC() {}

        /** Formats into a malloc'ed string stored in {@code out[0]}; the caller frees it. */
        static native int vasprintf(long[] out, String format, Pointer vaList);

        static native void free(Pointer pointer);

        static native int close(int fd);

        /** -1 and errno on failure. */
        static native int open(String path, int flags);

        /** 0 when this network namespace has no interface of that name. */
        static native int if_nametoindex(String name);

        /**
         * syscall(2) with five integer arguments, declared fixed: on x86_64 and aarch64 Linux the
         * variadic call passes them in the same registers. -1 and errno on failure.
         */
        static native long syscall(long number, Pointer arg1, long arg2, long arg3, long arg4, long arg5);
    }
}
