package dev.ebpfexporter.decode;

import java.nio.ByteOrder;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** The decoders a config's labels may name, in one plain map: the single list of known names. */
public final class Decoders {
    private static final KallsymsReader KALLSYMS = KallsymsReader.ofThisHost();
    private static final PciIdsReader PCI_IDS = PciIdsReader.ofThisHost();
    private static final Decoders STANDARD = new Decoders(Map.ofEntries(
            Map.entry("cgroup", CgroupDecoder.ofThisHost()),
            Map.entry("dname", new DnameDecoder()),
            Map.entry("errno", new ErrnoDecoder()),
            Map.entry("hex", new HexDecoder()),
            Map.entry("ifname", IfnameDecoder.ofThisHost()),
            Map.entry("inet_ip", new InetIpDecoder()),
            Map.entry("ksym", new KsymDecoder(KALLSYMS)),
            Map.entry("kstack", new KstackDecoder(KALLSYMS)),
            Map.entry("majorminor", MajorMinorDecoder.ofThisHost()),
            Map.entry("numa_node", NumaNodeDecoder.ofThisHost()),
            Map.entry("pci_class", new PciClassDecoder(PCI_IDS)),
            Map.entry("pci_device", new PciDeviceDecoder(PCI_IDS)),
            Map.entry("pci_subclass", new PciSubclassDecoder(PCI_IDS)),
            Map.entry("pci_vendor", new PciVendorDecoder(PCI_IDS)),
            Map.entry("regexp", new RegexpDecoder()),
            Map.entry("static_map", new StaticMapDecoder()),
            Map.entry("string", new StringDecoder()),
            Map.entry("syscall", SyscallDecoder.ofThisMachine()),
            Map.entry("uint", new UintDecoder(ByteOrder.nativeOrder()))));

    private final Map<String, Decoder> byName;

    private Decoders(Map<String, Decoder> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** Every decoder this exporter implements (stateless, so one shared instance). */
    public static Decoders standard() {
        return STANDARD;
    }

    public boolean knows(String name) {
        return byName.containsKey(name);
    }

    /** The known names, sorted: what config validation accepts and lists in its errors. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
    }

    /** @throws IllegalArgumentException for a name that {@link #knows} rejects; configs are checked first */
    public Decoder get(String name) {
        Decoder decoder = byName.get(name);
        if (decoder == null) {
            throw new IllegalArgumentException(
                    "unknown decoder \"" + name + "\" (known: " + String.join(", ", names()) + ")");
        }
        return decoder;
    }
}
