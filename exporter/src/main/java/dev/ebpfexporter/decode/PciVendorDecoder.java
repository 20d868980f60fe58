package dev.ebpfexporter.decode;

/**
 * A PCI vendor id (decimal text, after {@code uint}) → the vendor's name from {@code pci.ids}, as
 * ebpf_exporter's {@code pci_vendor} decoder gives it: "32902" (0x8086) is {@code Intel Corporation};
 * an id the database lacks is {@code unknown pci vendor: 0x<hex>} (at least two hex digits). Like
 * theirs, it looks ids up with at least two digits while the database lists four, so the few
 * vendors below 0x1000 (0x0014 and such) read unknown too.
 */
public final class PciVendorDecoder extends PciIdDecoder {
    PciVendorDecoder(PciIdsReader pciIds) {
        super(pciIds, "pci_vendor");
    }

    @Override
    String label(PciIds ids, long id) {
        String hex = hex(id, 2);
        return orUnknown(ids.vendor(hex), "vendor", hex);
    }
}
