package dev.ebpfexporter.load;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.BpfMap;
import dev.ebpfexporter.bpf.BpfObject;
import dev.ebpfexporter.bpf.KernelFeatures;
import dev.ebpfexporter.bpf.MapType;
import dev.ebpfexporter.bpf.PerfEventCounter;
import dev.ebpfexporter.config.CgroupIdMapConfig;
import dev.ebpfexporter.config.CgroupIdMapType;
import dev.ebpfexporter.config.CounterConfig;
import dev.ebpfexporter.config.ExporterConfig;
import dev.ebpfexporter.config.HistogramConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.config.MetricConfig;
import dev.ebpfexporter.config.ValueField;
import dev.ebpfexporter.decode.Cgroup2Mount;
import dev.ebpfexporter.decode.DecodeException;
import dev.ebpfexporter.decode.KeyDecoder;
import dev.ebpfexporter.decode.KeyDecoders;
import dev.ebpfexporter.metrics.CpuLabel;
import dev.ebpfexporter.metrics.KeyDeleter;
import dev.ebpfexporter.metrics.LongReader;
import dev.ebpfexporter.metrics.MapReader;
import dev.ebpfexporter.metrics.SharedRead;
import dev.ebpfexporter.metrics.MetricSource;
import dev.ebpfexporter.metrics.ProgramSource;
import dev.ebpfexporter.metrics.SnapshotBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a parsed config and its object into running programs: open, check every metric against its
 * map (the map's BTF gives key and value sizes), size, load, attach. On any failure everything
 * opened so far is released and the error names the config file.
 */
public final class ProgramLoader {
    /** Companion per-CPU array the BPF side counts into when the metric map is full (maps.bpf.h). */
    static final String OVERFLOW_SUFFIX = "_overflow";
    /** A per-CPU map's cpu label holds the CPU number as a u16, as in ebpf_exporter. */
    private static final int CPU_LABEL_SIZE = Short.BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(ProgramLoader.class);
    /** ebpf_exporter's name for the global that receives a kaddrs symbol's address. */
    private static final String KADDR_PREFIX = "kaddr_";
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Set<MapType> CGROUP_ID_MAP_TYPES = Set.of(MapType.HASH, MapType.LRU_HASH);

    private final KernelFeatures features;
    private final Path kallsyms;

    public ProgramLoader(KernelFeatures features) {
        this(features, KernelAddresses.KALLSYMS);
    }

    /** @param kallsyms where the addresses of {@code kaddrs} are read */
    ProgramLoader(KernelFeatures features, Path kallsyms) {
        this.features = features;
        this.kallsyms = kallsyms;
    }

    /**
     * Checks the config's metrics and its object, then loads and attaches it. That its names are
     * free among the running configs is the caller's to check ({@link dev.ebpfexporter.metrics.ExposedNames}).
     */
    public LoadedConfig load(ExporterConfig config, String objectName, byte[] objectBytes) throws LoadException {
        checkExposable(config);
        return loadObject(config, objectName, objectBytes);
    }

    /** Labels and buckets must make valid snapshots. */
    private static void checkExposable(ExporterConfig config) throws LoadException {
        for (MetricConfig metric : config.metrics()) {
            try {
                SnapshotBuilder.of(metric, KeyDecoders.forLabels(metric.labels()));
                KeyDecoders.checkUsable(metric.labels());
            } catch (IllegalArgumentException | DecodeException e) {
                throw new LoadException(config.source() + ": metric '" + metric.name() + "': " + e.getMessage(), e);
            }
        }
    }

    private LoadedConfig loadObject(ExporterConfig config, String objectName, byte[] objectBytes)
            throws LoadException {
        BpfObject object = open(config, objectName, objectBytes);
        Optional<CgroupIdMapFiller> cgroupIdMap = Optional.empty();
        try {
            for (MetricConfig metric : config.metrics()) {
                BpfMap map = mapOf(config, objectName, object, metric);
                if (metric.maxEntries().isPresent()) {
                    map.setMaxEntries(metric.maxEntries().getAsInt());
                }
                checkArraySize(config, objectName, metric, map);
            }
            writeKaddrs(config, object);
            BpfMap cgroupIdMapMap = config.cgroupIdMap().isPresent()
                    ? cgroupIdMapOf(config, objectName, object, config.cgroupIdMap().get()) : null;
            object.load();
            // Filled before the programs attach, so their first events already see it.
            if (cgroupIdMapMap != null) {
                cgroupIdMap = Optional.of(fillCgroupIdMap(config, cgroupIdMapMap));
            }
            object.attachAll();
            List<ProgramSource> programs = object.programs().stream()
                    .map(p -> new ProgramSource(config.name(), p.name(), p::runStats)).toList();
            List<MetricSource> sources = new ArrayList<>();
            Map<String, SharedRead> multiValueReads = new HashMap<>();
            for (MetricConfig metric : config.metrics()) {
                sources.add(sourceOf(config, object, metric, multiValueReads));
            }
            return new LoadedConfig(config, object, programs, sources, cgroupIdMap);
        } catch (BpfException e) {
            cgroupIdMap.ifPresent(CgroupIdMapFiller::close);
            object.close();
            throw new LoadException(config.source() + ": " + e.getMessage(), e);
        } catch (LoadException | RuntimeException e) {
            cgroupIdMap.ifPresent(CgroupIdMapFiller::close);
            object.close();
            throw e;
        }
    }

    /** Each kaddrs symbol's address goes into the object's global kaddr_<symbol>, as ebpf_exporter does. */
    private void writeKaddrs(ExporterConfig config, BpfObject object) throws LoadException, BpfException {
        if (config.kaddrs().isEmpty()) {
            return;
        }
        Map<String, Long> addresses;
        try {
            addresses = KernelAddresses.of(kallsyms, config.kaddrs());
        } catch (IOException e) {
            throw new LoadException(config.source() + ": kaddrs: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Long> symbol : addresses.entrySet()) {
            object.writeGlobal(KADDR_PREFIX + symbol.getKey(), symbol.getValue());
        }
    }

    /** The map must be keyed by a u64 cgroup id, hold u64 values and take updates from user space. */
    private static BpfMap cgroupIdMapOf(ExporterConfig config, String objectName, BpfObject object,
            CgroupIdMapConfig cgroupIdMap) throws LoadException {
        String what = config.source() + ": cgroup_id_map '" + cgroupIdMap.name() + "'";
        BpfMap map = object.map(cgroupIdMap.name()).orElseThrow(() -> new LoadException(what + " needs a map of"
                + " that name in " + objectName + ", which has only: " + mapNames(object)
                + "; rename the map or cgroup_id_map.name so they match"));
        boolean storage = cgroupIdMap.type() == CgroupIdMapType.CGRP_STORAGE;
        boolean fits = storage
                ? map.type() == MapType.CGRP_STORAGE && map.keySize() == Integer.BYTES
                : CGROUP_ID_MAP_TYPES.contains(map.type()) && map.keySize() == Long.BYTES;
        if (!fits || map.valueSize() != Long.BYTES) {
            throw new LoadException(what + ": the map in " + objectName + " is a " + map.type() + " map with "
                    + map.keySize() + "-byte keys and " + map.valueSize() + "-byte values; for type "
                    + cgroupIdMap.type().yamlName() + " declare it as " + (storage
                            ? "BPF_MAP_TYPE_CGRP_STORAGE with a u32 key and a u64 value"
                            : "BPF_MAP_TYPE_HASH or BPF_MAP_TYPE_LRU_HASH with a u64 key (the cgroup id) and a u64"
                                    + " value"));
        }
        return map;
    }

    private static CgroupIdMapFiller fillCgroupIdMap(ExporterConfig config, BpfMap map)
            throws BpfException, LoadException {
        CgroupIdMapConfig cgroupIdMap = config.cgroupIdMap().orElseThrow();
        Path root = Cgroup2Mount.find(MOUNTINFO).orElseThrow(() -> new LoadException(config.source()
                + ": cgroup_id_map needs the cgroup v2 hierarchy, and " + MOUNTINFO + " lists no cgroup2 mount;"
                + " mount it (mount -t cgroup2 none /sys/fs/cgroup) or drop cgroup_id_map from the config"));
        try {
            return CgroupIdMapFiller.start(config.source(), map,
                    cgroupIdMap.type() == CgroupIdMapType.CGRP_STORAGE, cgroupIdMap.regexps(), root);
        } catch (IOException e) {
            throw new LoadException(config.source() + ": cgroup_id_map cannot follow the cgroups under " + root
                    + ": " + e.getMessage(), e);
        }
    }

    /** The maps the program declared: libbpf's own maps for globals (".rodata") are no candidates. */
    private static String mapNames(BpfObject object) {
        return object.maps().stream().filter(m -> !m.isInternal()).map(BpfMap::name)
                .collect(Collectors.joining(", "));
    }

    private BpfObject open(ExporterConfig config, String objectName, byte[] objectBytes) throws LoadException {
        try {
            return BpfObject.open(objectName, objectBytes, features);
        } catch (BpfException e) {
            throw new LoadException(config.source() + ": " + e.getMessage(), e);
        }
    }

    private static BpfMap mapOf(ExporterConfig config, String objectName, BpfObject object, MetricConfig metric)
            throws LoadException {
        String mapName = metric.field().map();
        Optional<BpfMap> found = object.map(mapName);
        if (found.isEmpty()) {
            throw new LoadException(config.source() + ": metric '" + metric.name() + "' needs a map named '"
                    + mapName + "' in " + objectName + ", which has only: " + mapNames(object)
                    + "; rename the map or the metric so they match");
        }
        BpfMap map = found.get();
        if (isPerfEventArray(metric)) {
            if (map.type() != MapType.PERF_EVENT_ARRAY) {
                throw new LoadException(config.source() + ": metric '" + metric.name() + "' sets perf_event_array, but"
                        + " map '" + map.name() + "' in " + objectName + " is not a BPF_MAP_TYPE_PERF_EVENT_ARRAY;"
                        + " declare it as one, or drop perf_event_array to read it as a map of counts");
            }
            return map; // its samples are the keys, whatever the map's own key and value sizes
        }
        if (map.type() == MapType.PERF_EVENT_ARRAY) {
            throw new LoadException(config.source() + ": metric '" + metric.name() + "': map '" + map.name()
                    + "' is a BPF_MAP_TYPE_PERF_EVENT_ARRAY, which holds no counts; set perf_event_array: true"
                    + " to count its samples");
        }
        if (metric.splitsCpus(map.type().perCpu())) {
            LabelConfig cpu = metric.labels().get(metric.labels().size() - 1);
            if (cpu.size() != CPU_LABEL_SIZE || cpu.padding() != 0) {
                throw new LoadException(config.source() + ": metric '" + metric.name() + "': map '" + map.name()
                        + "' is per-CPU, so its last label '" + cpu.name() + "' is the CPU number, which is "
                        + CPU_LABEL_SIZE + " bytes: set its size to " + CPU_LABEL_SIZE + " and no padding"
                        + " (or rename the label to sum the values over CPUs)");
            }
        }
        if (decoderOf(metric, map).isEmpty()) {
            throw new LoadException(config.source() + ": metric '" + metric.name() + "': its labels cover "
                    + keyMetric(metric, map).keySize() + " bytes ("
                    + describeLabels(keyMetric(metric, map).labels()) + ") but the key of map '"
                    + map.name() + "' in " + objectName + " is " + map.keySize()
                    + " bytes (from its BTF); make label sizes and paddings add up to the key"
                    + (map.type().isArray() ? " (a histogram in an array map may also have one label of 1, 2, 4"
                            + " or 8 bytes besides the bucket: index = value * (bucket_max + 2) + slot)" : ""));
        }
        if (metric.seriesLimits().idleTimeout().isPresent()) {
            refuseIdleTimeout(config, metric, map);
        }
        int fields = metric.field().count();
        if (map.valueSize() != Long.BYTES * fields) {
            throw new LoadException(config.source() + ": metric '" + metric.name() + "': map '" + map.name()
                    + "' has " + map.valueSize() + "-byte values; metric maps must hold u64 counts"
                    + (fields > 1 ? " (its values list " + fields + " fields: " + fields + " u64s, "
                            + Long.BYTES * fields + " bytes)" : ", or a struct of u64s declared with values"));
        }
        if (map.type().evictsKeys()) {
            LOG.warn("{}: map '{}' is an LRU map: the kernel evicts live keys when it is full and their counts are"
                    + " lost without notice; prefer a hash map with an overflow counter (maps.bpf.h)",
                    config.source(), map.name());
        }
        return map;
    }

    /** A histogram in an array must have the slots its buckets imply ({@link ArrayHistogramSize}). */
    private static void checkArraySize(ExporterConfig config, String objectName, MetricConfig metric, BpfMap map)
            throws LoadException {
        if (!map.type().isArray() || !(metric instanceof HistogramConfig histogram)) {
            return;
        }
        boolean indexedBySlot = histogram.labels().size() == 1 && map.keySize() == metric.keySize();
        boolean indexedByValueAndSlot = map.keySize() != metric.keySize(); // ArrayHistogramKeyDecoder's layout
        if (!indexedBySlot && !indexedByValueAndSlot) {
            return; // several labels packed into the index: its layout is the program's own
        }
        Optional<String> mismatch = ArrayHistogramSize.mismatch(histogram, map.maxEntries(), indexedBySlot);
        if (mismatch.isPresent()) {
            throw new LoadException(config.source() + ": histogram '" + metric.name() + "': map '" + map.name()
                    + "' in " + objectName + " " + mismatch.get());
        }
    }

    private static String describeLabels(List<LabelConfig> labels) {
        return labels.stream()
                .map(l -> l.name() + " " + l.size() + (l.padding() > 0 ? "+" + l.padding() + " padding" : ""))
                .collect(Collectors.joining(", "));
    }

    /** @param multiValueReads the shared read of each multi-value map, by name, filled as they come */
    private static MetricSource sourceOf(ExporterConfig config, BpfObject object, MetricConfig metric,
            Map<String, SharedRead> multiValueReads) throws LoadException, BpfException {
        ValueField field = metric.field();
        BpfMap map = object.map(field.map()).orElseThrow();
        if (isPerfEventArray(metric)) {
            PerfEventCounter samples = map.countSamples(metric.keySize(),
                    ((CounterConfig) metric).flushIntervalOrDefault());
            // Lost samples are events whose labels are unknown: the counter's [overflow] series.
            return new MetricSource(config.name(), metric, KeyDecoders.forLabels(metric.labels()), samples::read,
                    KeyDeleter.NONE, Optional.of(samples::lost), map.maxEntries(), map.type());
        }
        Optional<BpfMap> overflow = object.map(field.map() + OVERFLOW_SUFFIX);
        // The overflow map is a one-slot per-CPU array: its single entry is the per-CPU sum.
        Optional<LongReader> overflowCount = overflow.map(o -> () -> o.read().value(0));
        MapReader reader = field.count() == 1 ? map::read
                : multiValueReads.computeIfAbsent(field.map(), name -> new SharedRead(map::read)).forField(field.index());
        return new MetricSource(config.name(), metric, decoderOf(metric, map).orElseThrow(), reader,
                map::lookupAndDelete, overflowCount, map.maxEntries(), map.type(), cpuLabel(config, metric, map));
    }

    /**
     * The cpu label's value for each possible CPU: the CPU number as a u16 in host byte order
     * (what ebpf_exporter appends to the key) through the label's decoders.
     */
    private static Optional<CpuLabel> cpuLabel(ExporterConfig config, MetricConfig metric, BpfMap map)
            throws LoadException {
        if (!metric.splitsCpus(map.type().perCpu())) {
            return Optional.empty();
        }
        LabelConfig label = metric.labels().get(metric.labels().size() - 1);
        KeyDecoder decoder = KeyDecoders.forLabels(List.of(label));
        List<String> values = new ArrayList<>();
        for (int cpu = 0; cpu < BpfObject.possibleCpus(); cpu++) {
            byte[] number = ByteBuffer.allocate(CPU_LABEL_SIZE).order(ByteOrder.nativeOrder()).putShort((short) cpu)
                    .array();
            try {
                values.add(decoder.decode(number).get(0));
            } catch (DecodeException e) {
                throw new LoadException(config.source() + ": metric '" + metric.name() + "': label '" + label.name()
                        + "' cannot name CPU " + cpu + ": " + e.getMessage() + "; decode the CPU number with uint", e);
            }
        }
        return Optional.of(new CpuLabel(label.name(), values));
    }

    /**
     * idle_timeout deletes keys and carries their last value in their series: refused where the
     * delete cannot give each series its part.
     */
    private static void refuseIdleTimeout(ExporterConfig config, MetricConfig metric, BpfMap map) throws LoadException {
        String refused = config.source() + ": metric '" + metric.name() + "': idle_timeout deletes idle keys, but map '"
                + map.name() + "' ";
        if (map.type().isArray()) {
            throw new LoadException(refused + "is an array, whose keys cannot be deleted (nor fill it up);"
                    + " remove idle_timeout");
        }
        if (metric.splitsCpus(map.type().perCpu())) {
            throw new LoadException(refused + "is per-CPU and the metric has a series per CPU (its last label is '"
                    + MetricConfig.CPU_LABEL + "'), while a delete gives back only the key's sum over CPUs;"
                    + " remove idle_timeout, or rename the label to sum the values over CPUs");
        }
    }

    private static boolean isPerfEventArray(MetricConfig metric) {
        return metric instanceof CounterConfig counter && counter.perfEventArray();
    }

    private static Optional<KeyDecoder> decoderOf(MetricConfig metric, BpfMap map) {
        return KeyDecoders.forMap(keyMetric(metric, map), map.keySize(), map.type().isArray());
    }

    /** The metric as its map's keys lay it out: without the cpu label of a per-CPU map. */
    private static MetricConfig keyMetric(MetricConfig metric, BpfMap map) {
        return metric.withLabels(metric.keyLabels(map.type().perCpu()));
    }
}
