package dev.ebpfexporter.config;

import java.util.List;

/**
 * ebpf_exporter's {@code cgroup_id_map}: the exporter keeps map {@code name} holding the id of every
 * cgroup whose path matches one of {@code regexps}, so a program can filter on its cgroup.
 *
 * @param type {@link #HASH} (a hash or LRU hash map keyed by the u64 cgroup id, ebpf_exporter's
 *     default) or {@link #CGRP_STORAGE} (a cgroup storage map)
 */
public record CgroupIdMapConfig(String name, String type, List<String> regexps) {
    public static final String HASH = "hash";
    public static final String CGRP_STORAGE = "cgrp_storage";

    public CgroupIdMapConfig {
        regexps = List.copyOf(regexps);
    }
}
