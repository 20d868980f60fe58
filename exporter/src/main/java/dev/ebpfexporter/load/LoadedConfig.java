package dev.ebpfexporter.load;

import dev.ebpfexporter.bpf.BpfObject;
import dev.ebpfexporter.config.ExporterConfig;
import dev.ebpfexporter.metrics.MetricSource;
import java.util.List;

/** A config whose object is loaded and attached: its metric sources stay valid until close. */
public record LoadedConfig(ExporterConfig config, BpfObject object, List<String> programs, List<MetricSource> sources)
        implements AutoCloseable {
    public LoadedConfig {
        programs = List.copyOf(programs);
        sources = List.copyOf(sources);
    }

    @Override
    public void close() {
        object.close();
    }
}
