package dev.ebpfexporter.load;

import dev.ebpfexporter.bpf.BpfObject;
import dev.ebpfexporter.config.ExporterConfig;
import dev.ebpfexporter.metrics.MetricSource;
import dev.ebpfexporter.metrics.ProgramSource;
import java.util.List;

/** A config whose object is loaded and attached: its metric and program sources stay valid until close. */
public record LoadedConfig(ExporterConfig config, BpfObject object, List<ProgramSource> programs,
        List<MetricSource> sources) implements AutoCloseable {
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
        object.close();
    }
}
