package dev.ebpfexporter.decode;

/**
 * A PCI class and subclass id, {@code class << 8 | subclass} (decimal text, after {@code uint}) →
 * the subclass's name from {@code pci.ids}, as ebpf_exporter's {@code pci_subclass} decoder gives
 * it: "512" (0x0200) is {@code Ethernet controller}; a subclass the class lacks is
 * {@code unknown pci subclass: 0x<sub> (class 0x<class>)}, a class the database lacks
 * {@code unknown pci class: 0x<class>}.
 */
public final class PciSubclassDecoder extends PciIdDecoder {
    PciSubclassDecoder(PciIdsReader pciIds) {
        super(pciIds, "pci_subclass");
    }

    @Override
    String label(PciIds ids, long id) {
        String classHex = hex(id >>> 8, 2);
        String subclassHex = hex(id & 0xff, 2);
        if (ids.pciClass(classHex) == null) {
            return orUnknown(null, "class", classHex);
        }
        String name = ids.subclass(classHex + subclassHex);
        return name != null ? name : "unknown pci subclass: 0x" + subclassHex + " (class 0x" + classHex + ")";
    }
}
