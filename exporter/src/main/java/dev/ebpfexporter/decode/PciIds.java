package dev.ebpfexporter.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of a {@code pci.ids} database (Debian's {@code pci.ids} package, also shipped by
 * {@code pciutils}): vendor, device, class and subclass names by their lowercase hex ids, the keys
 * ebpf_exporter's decoders (through the pcidb library) look names up by. Its layout: a vendor
 * {@code 8086  Intel Corporation} at the start of a line, its devices indented by a tab
 * ({@code \t1000  82542 Gigabit Ethernet Controller (Fiber)}), subsystems by two tabs; then
 * classes {@code C 02  Network controller} with their subclasses indented by a tab
 * ({@code \t00  Ethernet controller}) and programming interfaces by two. Lines starting with
 * {@code #} are comments. Immutable once read: its size is the file's, whatever the keys decoded.
 */
final class PciIds {
    /** Where ebpf_exporter looks: Debian's and Fedora's paths. */
    static final List<Path> STANDARD_PATHS = List.of(Path.of("/usr/share/misc/pci.ids"), Path.of("/usr/share/hwdata/pci.ids"));

    private static final int ID_SEPARATOR = 2; // two spaces between an id and its name

    private final Map<String, String> vendors = new HashMap<>(); // "8086"
    private final Map<String, String> devices = new HashMap<>(); // vendor and device: "80861000"
    private final Map<String, String> classes = new HashMap<>(); // "02"
    private final Map<String, String> subclasses = new HashMap<>(); // class and subclass: "0200"

    private PciIds() {}

    static PciIds read(Path file) throws IOException {
        PciIds ids = new PciIds();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String vendor = null; // the vendor whose devices follow, or null
            String pciClass = null; // the class whose subclasses follow, or null
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("\t\t")) {
                    continue; // subsystems and programming interfaces are not decoded
                }
                if (line.startsWith("C ")) {
                    pciClass = ids.add(ids.classes, "", line.substring(2), 2);
                    vendor = null;
                } else if (line.startsWith("\t")) {
                    if (vendor != null) {
                        ids.add(ids.devices, vendor, line.substring(1), 4);
                    } else if (pciClass != null) {
                        ids.add(ids.subclasses, pciClass, line.substring(1), 2);
                    }
                } else {
                    vendor = ids.add(ids.vendors, "", line, 4);
                    pciClass = null;
                }
            }
        }
        return ids;
    }

    /** Adds "{id}  {name}" under prefix + id; returns the id, or null for a line of another shape. */
    private String add(Map<String, String> names, String prefix, String line, int idLength) {
        if (line.length() <= idLength + ID_SEPARATOR || !line.startsWith("  ", idLength)) {
            return null;
        }
        String id = line.substring(0, idLength);
        names.putIfAbsent(prefix + id, line.substring(idLength + ID_SEPARATOR));
        return id;
    }

    String vendor(String id) {
        return vendors.get(id);
    }

    /** @param id the vendor's id then the device's, 8 hex digits */
    String device(String id) {
        return devices.get(id);
    }

    String pciClass(String id) {
        return classes.get(id);
    }

    /** @param id the class's id then the subclass's, 4 hex digits */
    String subclass(String id) {
        return subclasses.get(id);
    }
}
