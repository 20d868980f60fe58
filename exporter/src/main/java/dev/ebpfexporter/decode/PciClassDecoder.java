package dev.ebpfexporter.decode;

/**
 * A PCI class id (decimal text, after {@code uint}) → the class's name from {@code pci.ids}, as
 * ebpf_exporter's {@code pci_class} decoder gives it: "2" is {@code Network controller}; an id the
 * database lacks is {@code unknown pci class: 0x<hex>} (at least two hex digits).
 */
public final class PciClassDecoder extends PciIdDecoder {
    PciClassDecoder(PciIdsReader pciIds) {
        super(pciIds, "pci_class");
    }

    @Override
    String label(PciIds ids, long id) {
        String hex = hex(id, 2);
        return orUnknown(ids.pciClass(hex), "class", hex);
    }
}
