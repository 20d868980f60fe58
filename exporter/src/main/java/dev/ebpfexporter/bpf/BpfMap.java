package dev.ebpfexporter.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A map of a {@link BpfObject}: a view handed out by its object, valid until the object closes.
 * Reads go through {@code bpf_map_lookup_batch} (≈0.25 µs an entry on a 2-vCPU VM) and fall back to
 * get_next_key + lookup (≈2.5 µs an entry) where the kernel or map type has no batch support.
 */
public final class BpfMap {
    private static final int BATCH_OPTS_SIZE = 24; // struct bpf_map_batch_opts in libbpf 1.x
    private static final int U64 = Long.BYTES;
    private static final int O_RDONLY_CLOEXEC = 02000000; // O_RDONLY | O_CLOEXEC, the same on x86_64 and arm64

    private final BpfObject owner;
    private final Pointer map;
    private final String name;
    private ReadBuffers buffers;
    private Memory deletedKey; // native buffers of lookupAndDelete, made on its first call
    private Memory deletedValue;
    private boolean batchUnsupported;

    BpfMap(BpfObject owner, Pointer map) {
        this.owner = owner;
        this.map = map;
        this.name = Libbpf.bpf_map__name(map);
    }

    public String name() {
        return name;
    }

    Pointer pointer() {
        return map;
    }

    /** A map libbpf made for the object's global variables (.rodata, .bss, .data), not one the program declared. */
    public boolean isInternal() {
        return Libbpf.bpf_map__is_internal(map) != 0;
    }

    public MapType type() {
        return MapType.of(Libbpf.bpf_map__type(map));
    }

    public int keySize() {
        return Libbpf.bpf_map__key_size(map);
    }

    public int valueSize() {
        return Libbpf.bpf_map__value_size(map);
    }

    public int maxEntries() {
        return Libbpf.bpf_map__max_entries(map);
    }

    /** Resizes the map; only before {@link BpfObject#load()}. */
    public void setMaxEntries(int maxEntries) throws BpfException {
        owner.requireOpen();
        int rc = Libbpf.bpf_map__set_max_entries(map, maxEntries);
        if (rc < 0) {
            throw new BpfException("bpf_map__set_max_entries", owner.name() + ":" + name, -rc,
                    "max_entries can only be changed before the object is loaded");
        }
    }

    /** Creates or replaces the entry at {@code key}; only once the object is loaded. */
    public void update(byte[] key, byte[] value) throws BpfException {
        owner.requireOpen();
        try (Memory keyMemory = copyOf(key); Memory valueMemory = copyOf(value)) {
            int rc = Libbpf.bpf_map_update_elem(Libbpf.bpf_map__fd(map), keyMemory, valueMemory, 0);
            if (rc < 0) {
                throw new BpfException("bpf_map_update_elem", owner.name() + ":" + name, -rc,
                        -rc == Errno.E2BIG ? "the map is full (max_entries " + maxEntries() + ")" : "");
            }
        }
    }

    /**
     * Creates or replaces the entry of cgroup {@code cgroup} (its directory) in a cgroup storage map,
     * whose key from user space is an fd of that directory, open only for the update. Returns false
     * when the cgroup is gone (ENOENT: removed since its path was listed, or dying), which is no
     * error: whoever listed it sees it removed next.
     */
    public boolean updateForCgroup(Path cgroup, byte[] value) throws BpfException {
        owner.requireOpen();
        int fd = Libbpf.LibC.open(cgroup.toString(), O_RDONLY_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            if (errno == Errno.ENOENT) {
                return false;
            }
            throw new BpfException("open", cgroup.toString(), errno, "");
        }
        try {
            update(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(fd).array(), value);
            return true;
        } catch (BpfException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        } finally {
            Libbpf.LibC.close(fd);
        }
    }

    /** Deletes the entry at {@code key}; false when there was none. */
    public boolean delete(byte[] key) throws BpfException {
        owner.requireOpen();
        try (Memory keyMemory = copyOf(key)) {
            int rc = Libbpf.bpf_map_delete_elem(Libbpf.bpf_map__fd(map), keyMemory);
            if (rc < 0 && -rc != Errno.ENOENT) {
                throw new BpfException("bpf_map_delete_elem", owner.name() + ":" + name, -rc, "");
            }
            return rc == 0;
        }
    }

    private static Memory copyOf(byte[] bytes) {
        Memory memory = new Memory(bytes.length);
        memory.write(0, bytes, 0, bytes.length);
        return memory;
    }

    /**
     * Starts counting the samples of this {@code PERF_EVENT_ARRAY} map by their first
     * {@code keySize} bytes; the counter is closed with the object. Only after load.
     */
    public PerfEventCounter countSamples(int keySize, Duration flushInterval) throws BpfException {
        owner.requireOpen();
        if (type() != MapType.PERF_EVENT_ARRAY) {
            throw new BpfException("perf_buffer__new", owner.name() + ":" + name, Errno.EINVAL,
                    "the map is not a BPF_MAP_TYPE_PERF_EVENT_ARRAY");
        }
        PerfEventCounter counter = PerfEventCounter.open(Libbpf.bpf_map__fd(map), owner.name() + ":" + name,
                keySize, flushInterval);
        owner.closeWithObject(counter);
        return counter;
    }

    /**
     * Every entry at this instant, each value as u64 fields, one set per possible CPU for a per-CPU
     * map. Values must be u64s (metric maps count). Not for concurrent use: one drain thread reads a map.
     */
    public synchronized MapContents read() throws BpfException {
        owner.requireOpen();
        if (valueSize() % U64 != 0 || valueSize() == 0) {
            throw new BpfException("read", owner.name() + ":" + name, Errno.EINVAL,
                    "metric maps must have u64 values, this one has " + valueSize() + "-byte values");
        }
        if (buffers == null) {
            buffers = new ReadBuffers(keySize(), valueStride(), maxEntries());
        }
        int fd = Libbpf.bpf_map__fd(map);
        int count = batchUnsupported ? -1 : readBatched(fd);
        if (count < 0) {
            batchUnsupported = true;
            count = readKeyByKey(fd);
        }
        return buffers.contents(count, type().perCpu() ? BpfObject.possibleCpus() : 1, valueSize() / U64);
    }

    /**
     * Deletes {@code key} and returns its value at that instant (per-CPU values summed), in one
     * system call: increments that landed since the last read go with the value, not lost with the
     * key. Hash maps of u64 values only (arrays cannot delete). For the drain thread, as {@link #read}.
     *
     * @return the value; empty when the map had no such key
     */
    public synchronized OptionalLong lookupAndDelete(byte[] key) throws BpfException {
        owner.requireOpen();
        if (key.length != keySize() || valueSize() != U64) {
            throw new IllegalArgumentException(name + ": lookupAndDelete takes a " + keySize()
                    + "-byte key of a map of u64 values, got a " + key.length + "-byte key, " + valueSize()
                    + "-byte values");
        }
        if (deletedKey == null) {
            deletedKey = new Memory(keySize());
            deletedValue = new Memory(valueStride());
        }
        deletedKey.write(0, key, 0, key.length);
        int rc = Libbpf.bpf_map_lookup_and_delete_elem(Libbpf.bpf_map__fd(map), deletedKey, deletedValue);
        if (rc == -Errno.ENOENT) {
            return OptionalLong.empty();
        }
        if (rc < 0) {
            throw new BpfException("bpf_map_lookup_and_delete_elem", owner.name() + ":" + name, -rc, "");
        }
        int cpus = type().perCpu() ? BpfObject.possibleCpus() : 1;
        long sum = 0;
        for (int cpu = 0; cpu < cpus; cpu++) {
            sum += deletedValue.getLong((long) cpu * U64);
        }
        return OptionalLong.of(sum);
    }

    private int valueStride() {
        // The kernel pads each CPU's value to 8 bytes: u64 values need none.
        return type().perCpu() ? valueSize() * BpfObject.possibleCpus() : valueSize();
    }

    /** Returns the number of entries read, or -1 when the map type has no batch lookup. */
    private int readBatched(int fd) throws BpfException {
        ReadBuffers b = buffers;
        int total = 0;
        boolean first = true;
        while (total < b.capacity) {
            b.count.setInt(0, b.capacity - total);
            int rc = Libbpf.bpf_map_lookup_batch(fd, first ? null : b.inBatch, b.outBatch,
                    b.keys.share((long) total * b.keySize), b.values.share((long) total * b.valueStride),
                    b.count, b.opts);
            int errno = -rc;
            if (rc < 0 && errno != Errno.ENOENT && first
                    && (errno == Errno.EINVAL || errno == Errno.ENOTSUP || errno == 524)) {
                return -1;
            }
            total += b.count.getInt(0);
            if (rc < 0) {
                if (errno == Errno.ENOENT) {
                    break; // end of the map
                }
                throw new BpfException("bpf_map_lookup_batch", owner.name() + ":" + name, errno, "");
            }
            b.inBatch.write(0, b.outBatch.getByteArray(0, b.tokenSize), 0, b.tokenSize);
            first = false;
        }
        return total;
    }

    private int readKeyByKey(int fd) {
        ReadBuffers b = buffers;
        int total = 0;
        Pointer previous = null;
        while (total < b.capacity) {
            Pointer key = b.keys.share((long) total * b.keySize);
            if (Libbpf.bpf_map_get_next_key(fd, previous, key) < 0) {
                break;
            }
            previous = key;
            // A key deleted between the two calls is simply not counted this time.
            if (Libbpf.bpf_map_lookup_elem(fd, key, b.values.share((long) total * b.valueStride)) == 0) {
                total++;
            }
        }
        return total;
    }

    /** Native buffers sized once for the whole map: a drain allocates nothing native. */
    private static final class ReadBuffers {
        final int keySize;
        final int valueStride;
        final int capacity;
        final int tokenSize;
        final Memory keys;
        final Memory values;
        final Memory count = new Memory(Integer.BYTES);
        final Memory inBatch;
        final Memory outBatch;
        final Memory opts = new Memory(BATCH_OPTS_SIZE);

        ReadBuffers(int keySize, int valueStride, int capacity) {
            this.keySize = keySize;
            this.valueStride = valueStride;
            this.capacity = capacity;
            // The batch token is a bucket index for hash maps and a key for arrays.
            this.tokenSize = Math.max(keySize, U64);
            this.keys = new Memory((long) keySize * capacity);
            this.values = new Memory((long) valueStride * capacity);
            this.inBatch = new Memory(tokenSize);
            this.outBatch = new Memory(tokenSize);
            opts.clear();
            opts.setLong(0, BATCH_OPTS_SIZE);
        }

        /**
         * Copies out the entries read: one bulk copy per buffer, not one native call per value. A
         * per-CPU value of u64s needs no padding, so the buffer is already MapContents' layout.
         */
        MapContents contents(int entries, int cpus, int fields) {
            byte[] keyBytes = keys.getByteArray(0, entries * keySize);
            long[] read = new long[entries * (valueStride / U64)];
            values.read(0, read, 0, read.length);
            return new MapContents(keySize, keyBytes, read, entries, cpus, fields);
        }
    }
}
