package dev.ebpfexporter.jmh;

import dev.ebpfexporter.bpf.MapContents;
import dev.ebpfexporter.config.MetricConfig;
import dev.ebpfexporter.decode.KeyDecoders;
import dev.ebpfexporter.metrics.SnapshotBuilder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One drain's user-space work on a map already read: decoding keys, summing values per series,
 * building the Prometheus snapshot. {@code values}: {@code first} is a builder's first drain of
 * the map (every key new); {@code unchanged} drains the same contents again, as a quiet map between
 * drains; {@code changed} alternates two reads in which every value differs, as a busy map.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotBuildingBenchmark {
    @Param({"counter", "histogram"})
    public String kind;

    @Param({"10000", "100000"})
    public int keys;

    @Param({"first", "unchanged", "changed"})
    public String values;

    private MetricConfig metric;
    private MapContents[] reads;
    private SnapshotBuilder builder;
    private int drain;

    @Setup(Level.Trial)
    public void fillMap() {
        boolean counter = kind.equals("counter");
        metric = counter ? SyntheticMaps.counter() : SyntheticMaps.histogram();
        MapContents read = counter ? SyntheticMaps.counterContents(keys, 0) : SyntheticMaps.histogramContents(keys, 0);
        MapContents later = counter ? SyntheticMaps.counterContents(keys, 1000) : SyntheticMaps.histogramContents(keys, 1000);
        reads = values.equals("changed") ? new MapContents[] {read, later} : new MapContents[] {read};
        builder = newBuilder();
        builder.build(reads[reads.length - 1], 0); // so that "changed" changes every value on every call
    }

    @Benchmark
    public SnapshotBuilder.Result drain() {
        SnapshotBuilder drainer = values.equals("first") ? newBuilder() : builder;
        return drainer.build(reads[drain++ % reads.length], 0);
    }

    private SnapshotBuilder newBuilder() {
        return SnapshotBuilder.of(metric, KeyDecoders.forLabels(metric.labels()));
    }
}
