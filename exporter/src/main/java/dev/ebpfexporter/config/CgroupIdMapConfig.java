package dev.ebpfexporter.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * ebpf_exporter's {@code cgroup_id_map}: the exporter keeps map {@code name} holding the id of every
 * cgroup whose path matches one of {@code regexps}, so a program can filter on its cgroup.
 *
 * @param type {@link CgroupIdMapType#HASH} when the YAML names none (ebpf_exporter's default)
 * @param regexps Java regular expressions, each compiled here so that a bad one is refused where it is written
 */
public record CgroupIdMapConfig(String name, CgroupIdMapType type, List<String> regexps) {
    public CgroupIdMapConfig {
        MetricRules.identifier("name", name, "a BPF map name");
        if (type == null) {
            throw new InvalidField("type", "is required");
        }
        regexps = List.copyOf(regexps);
        if (regexps.isEmpty()) {
            throw new InvalidField("regexps", "must not be empty (a cgroup is put in the map when its path matches one)");
        }
        MetricRules.regexps("regexps", regexps);
    }

    @JsonCreator
    static CgroupIdMapConfig fromYaml(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("type") Optional<CgroupIdMapType> type,
            @JsonProperty(value = "regexps", required = true) List<String> regexps) {
        return new CgroupIdMapConfig(name, type.orElse(CgroupIdMapType.HASH), regexps);
    }
}
