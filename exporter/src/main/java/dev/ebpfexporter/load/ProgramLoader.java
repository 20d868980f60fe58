package dev.ebpfexporter.load;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.BpfMap;
import dev.ebpfexporter.bpf.BpfObject;
import dev.ebpfexporter.bpf.KernelFeatures;
import dev.ebpfexporter.bpf.MapType;
import dev.ebpfexporter.config.CgroupIdMapConfig;
import dev.ebpfexporter.config.ExporterConfig;
import dev.ebpfexporter.config.LabelConfig;
import dev.ebpfexporter.config.MetricConfig;
import dev.ebpfexporter.decode.Cgroup2Mount;
import dev.ebpfexporter.decode.DecodeException;
import dev.ebpfexporter.decode.KeyDecoder;
import dev.ebpfexporter.decode.KeyDecoders;
import dev.ebpfexporter.metrics.LongReader;
import dev.ebpfexporter.metrics.MetricNames;
import dev.ebpfexporter.metrics.MetricSource;
import dev.ebpfexporter.metrics.ProgramSource;
import dev.ebpfexporter.metrics.SnapshotBuilder;
import java.io.IOException;
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
    private static final Logger LOG = LoggerFactory.getLogger(ProgramLoader.class);
    /** ebpf_exporter's name for the global that receives a kaddrs symbol's address. */
    private static final String KADDR_PREFIX = "kaddr_";
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Set<MapType> CGROUP_ID_MAP_TYPES = Set.of(MapType.HASH, MapType.LRU_HASH);

    private final KernelFeatures features;
    private final Path kallsyms;
    /** Exposed metric name → the config exposing it, across every config this loader loaded. */
    private final Map<String, String> exposedBy = new HashMap<>();

    public ProgramLoader(KernelFeatures features) {
        this(features, KernelAddresses.KALLSYMS);
    }

    /** @param kallsyms where the addresses of {@code kaddrs} are read */
    ProgramLoader(KernelFeatures features, Path kallsyms) {
        this.features = features;
        this.kallsyms = kallsyms;
    }

    /** Checks the config against what is already loaded and its object, then loads and attaches it. */
    public LoadedConfig load(ExporterConfig config, String objectName, byte[] objectBytes) throws LoadException {
        checkExposable(config);
        LoadedConfig loaded = loadObject(config, objectName, objectBytes);
        config.metrics().forEach(m -> exposedBy.put(MetricNames.snapshotName(m), "config '" + config.name() + "'"));
        return loaded;
    }

    /** Names must be unique across configs, and labels and buckets must make valid snapshots. */
    private void checkExposable(ExporterConfig config) throws LoadException {
        for (MetricConfig metric : config.metrics()) {
            String exposed = MetricNames.snapshotName(metric);
            String owner = MetricNames.isSelfMetric(exposed) ? "the exporter's own metrics" : exposedBy.get(exposed);
            if (owner != null) {
                throw new LoadException(config.source() + ": metric '" + metric.name() + "' would be exposed as "
                        + exposed + ", a name already taken by " + owner + "; rename the map and the metric");
            }
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
            for (MetricConfig metric : config.metrics()) {
                sources.add(sourceOf(config, object, metric));
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
        boolean storage = cgroupIdMap.type().equals(CgroupIdMapConfig.CGRP_STORAGE);
        boolean fits = storage
                ? map.type() == MapType.CGRP_STORAGE && map.keySize() == Integer.BYTES
                : CGROUP_ID_MAP_TYPES.contains(map.type()) && map.keySize() == Long.BYTES;
        if (!fits || map.valueSize() != Long.BYTES) {
            throw new LoadException(what + ": the map in " + objectName + " is a " + map.type() + " map with "
                    + map.keySize() + "-byte keys and " + map.valueSize() + "-byte values; for type "
                    + cgroupIdMap.type() + " declare it as " + (storage
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
                    cgroupIdMap.type().equals(CgroupIdMapConfig.CGRP_STORAGE), cgroupIdMap.regexps(), root);
        } catch (IOException e) {
            throw new LoadException(config.source() + ": cgroup_id_map cannot follow the cgroups under " + root
                    + ": " + e.getMessage(), e);
        }
    }

    private static String mapNames(BpfObject object) {
        return object.maps().stream().map(BpfMap::name).collect(Collectors.joining(", "));
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
        Optional<BpfMap> found = object.map(metric.name());
        if (found.isEmpty()) {
            throw new LoadException(config.source() + ": metric '" + metric.name() + "' needs a map named '"
                    + metric.name() + "' in " + objectName + ", which has only: " + mapNames(object)
                    + "; rename the map or the metric so they match");
        }
        BpfMap map = found.get();
        if (decoderOf(metric, map).isEmpty()) {
            throw new LoadException(config.source() + ": metric '" + metric.name() + "': its labels cover "
                    + metric.keySize() + " bytes (" + describeLabels(metric.labels()) + ") but the key of map '"
                    + map.name() + "' in " + objectName + " is " + map.keySize()
                    + " bytes (from its BTF); make label sizes and paddings add up to the key"
                    + (map.type().isArray() ? " (a histogram in an array map may also have one label of 1, 2, 4"
                            + " or 8 bytes besides the bucket: index = value * (bucket_max + 2) + slot)" : ""));
        }
        if (map.valueSize() != Long.BYTES) {
            throw new LoadException(config.source() + ": metric '" + metric.name() + "': map '" + map.name()
                    + "' has " + map.valueSize() + "-byte values; metric maps must hold u64 counts");
        }
        if (map.type().evictsKeys()) {
            LOG.warn("{}: map '{}' is an LRU map: the kernel evicts live keys when it is full and their counts are"
                    + " lost without notice; prefer a hash map with an overflow counter (maps.bpf.h)",
                    config.source(), map.name());
        }
        return map;
    }

    private static String describeLabels(List<LabelConfig> labels) {
        return labels.stream()
                .map(l -> l.name() + " " + l.size() + (l.padding() > 0 ? "+" + l.padding() + " padding" : ""))
                .collect(Collectors.joining(", "));
    }

    private static MetricSource sourceOf(ExporterConfig config, BpfObject object, MetricConfig metric) {
        BpfMap map = object.map(metric.name()).orElseThrow();
        Optional<BpfMap> overflow = object.map(metric.name() + OVERFLOW_SUFFIX);
        // The overflow map is a one-slot per-CPU array: its single entry is the per-CPU sum.
        Optional<LongReader> overflowCount = overflow.map(o -> () -> o.read().value(0));
        return new MetricSource(config.name(), metric, decoderOf(metric, map).orElseThrow(), map::read,
                overflowCount, map.maxEntries(), map.type());
    }

    private static Optional<KeyDecoder> decoderOf(MetricConfig metric, BpfMap map) {
        return KeyDecoders.forMap(metric, map.keySize(), map.type().isArray());
    }
}
