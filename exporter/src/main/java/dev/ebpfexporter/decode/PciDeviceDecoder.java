package dev.ebpfexporter.decode;

/**
 * A PCI vendor and device id, {@code vendor << 16 | device} (decimal text, after {@code uint}) →
 * the device's name from {@code pci.ids}, as ebpf_exporter's {@code pci_device} decoder gives it:
 * "2156269568" (0x80861000) is {@code 82542 Gigabit Ethernet Controller (Fiber)}; an id the
 * database lacks is {@code unknown pci device: 0x<hex>} (at least four hex digits).
 */
public final class PciDeviceDecoder extends PciIdDecoder {
    PciDeviceDecoder(PciIdsReader pciIds) {
        super(pciIds, "pci_device");
    }

    @Override
    String label(PciIds ids, long id) {
        String hex = hex(id, 4);
        return orUnknown(ids.device(hex), "device", hex);
    }
}
