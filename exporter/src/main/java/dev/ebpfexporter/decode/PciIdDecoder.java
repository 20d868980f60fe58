package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.nio.charset.StandardCharsets;

/**
 * What the {@code pci_*} decoders share: their input is a PCI id as decimal text (so they follow
 * {@code uint}), their names come from one {@code pci.ids} reading ({@link PciIdsReader}), and a
 * config using them fails to load without one.
 */
abstract class PciIdDecoder implements Decoder {
    private final PciIdsReader pciIds;
    private final String decoderName;

    PciIdDecoder(PciIdsReader pciIds, String decoderName) {
        this.pciIds = pciIds;
        this.decoderName = decoderName;
    }

    @Override
    public final byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        long id = DecimalInput.unsigned(in, decoderName, "a PCI id");
        return label(pciIds.ids(), id).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public final void checkUsable() throws DecodeException {
        pciIds.ids();
    }

    /** The label of {@code id}, as ebpf_exporter's decoder of the same name writes it. */
    abstract String label(PciIds ids, long id);

    /**
     * An id as ebpf_exporter formats it to look it up: lowercase hex of at least {@code minDigits}
     * digits, Go's {@code %0Nx}.
     */
    static String hex(long id, int minDigits) {
        String digits = Long.toHexString(id);
        return "0".repeat(Math.max(0, minDigits - digits.length())) + digits;
    }

    /** {@code name}, or ebpf_exporter's label for an id the database lacks: {@code unknown pci <kind>: 0x<hex>}. */
    static String orUnknown(String name, String kind, String hex) {
        return name != null ? name : "unknown pci " + kind + ": 0x" + hex;
    }
}
