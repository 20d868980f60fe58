package dev.ebpfexporter.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of map a {@code cgroup_id_map} names, as ebpf_exporter writes it in {@code type}. */
public enum CgroupIdMapType {
    /** A hash or LRU hash map keyed by the u64 cgroup id (ebpf_exporter's default). */
    HASH("hash"),
    /** A {@code BPF_MAP_TYPE_CGRP_STORAGE} map, keyed by a cgroup fd. */
    CGRP_STORAGE("cgrp_storage");

    private final String yamlName;

    CgroupIdMapType(String yamlName) {
        this.yamlName = yamlName;
    }

    /** As written in {@code type}. */
    @JsonValue
    public String yamlName() {
        return yamlName;
    }
}
