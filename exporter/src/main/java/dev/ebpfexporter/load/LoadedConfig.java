package dev.ebpfexporter.load;

import dev.ebpfexporter.bpf.BpfObject;
import dev.ebpfexporter.config.ExporterConfig;
import dev.ebpfexporter.metrics.MetricSource;
import dev.ebpfexporter.metrics.ProgramSource;
import java.util.List;
import java.util.Optional;

/**
 * A config whose object is loaded and attached: its metric and program sources stay valid until close.
 *
 * @param cgroupIdMap what keeps the config's cgroup_id_map current, if it has one
 */
public record LoadedConfig(ExporterConfig config, BpfObject object, List<ProgramSource> programs,
        List<MetricSource> sources, Optional<CgroupIdMapFiller> cgroupIdMap) implements AutoCloseable {
    public LoadedConfig {
        programs = List.copyOf(programs);
        sources = List.copyOf(sources);
    }

    /** The attached programs' names. */
    public List<String> programNames() {
        return programs.stream().map(ProgramSource::programName).toList();
    }

    @Override
    public void close() {
        cgroupIdMap.ifPresent(CgroupIdMapFiller::close); // before the map it updates goes
        object.close();
    }
}
