package dev.ebpfexporter.bpf;

/** The BPF map types the exporter reads or fills (enum bpf_map_type values from uapi/linux/bpf.h). */
public enum MapType {
    HASH(1, false),
    ARRAY(2, false),
    PERF_EVENT_ARRAY(4, false),
    PERCPU_HASH(5, true),
    PERCPU_ARRAY(6, true),
    LRU_HASH(9, false),
    LRU_PERCPU_HASH(10, true),
    /** Storage attached to cgroups, keyed from user space by a cgroup directory's fd (cgroup_id_map). */
    CGRP_STORAGE(32, false),
    OTHER(-1, false);

    private final int id;
    private final boolean perCpu;

    MapType(int id, boolean perCpu) {
        this.id = id;
        this.perCpu = perCpu;
    }

    static MapType of(int id) {
        for (MapType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return OTHER;
    }

    /** Per-CPU maps hand back one value per possible CPU, which the reader sums. */
    public boolean perCpu() {
        return perCpu;
    }

    /** Array maps are keyed by a u32 index, every index present from creation: they never fill up. */
    public boolean isArray() {
        return this == ARRAY || this == PERCPU_ARRAY;
    }

    /** LRU maps evict live keys silently, which loses counts. */
    public boolean evictsKeys() {
        return this == LRU_HASH || this == LRU_PERCPU_HASH;
    }
}
