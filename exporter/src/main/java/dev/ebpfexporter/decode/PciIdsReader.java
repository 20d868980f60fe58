package dev.ebpfexporter.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code pci.ids} database shared by the {@code pci_*} decoders: the first of {@code paths}
 * that exists, read once, when a config using them loads ({@link Decoder#checkUsable}) or at the
 * first decode. Without one, ebpf_exporter labels everything {@code missing pci.ids db}; here a config
 * using these decoders fails to load and says which package to install. Thread-safe.
 */
final class PciIdsReader {
    private final List<Path> paths;
    private PciIds ids; // null until read

    PciIdsReader(List<Path> paths) {
        this.paths = List.copyOf(paths);
    }

    static PciIdsReader ofThisHost() {
        return new PciIdsReader(PciIds.STANDARD_PATHS);
    }

    synchronized PciIds ids() throws DecodeException {
        if (ids == null) {
            Path file = paths.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new DecodeException(
                    "no PCI id database at " + paths.stream().map(Path::toString).collect(Collectors.joining(" or "))
                            + ", so no PCI id could be named: install Debian's pci.ids package (apt-get install"
                            + " pci.ids; pciutils depends on it), or hwdata on Fedora and RHEL"));
            try {
                ids = PciIds.read(file);
            } catch (IOException e) {
                throw new DecodeException("cannot read the PCI id database " + file + ": " + e);
            }
        }
        return ids;
    }
}
