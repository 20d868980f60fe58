package dev.ebpfexporter.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The addresses of named kernel symbols, for {@code kaddrs}: read from a kallsyms file, where a line
 * is {@code ffffffff82248b50 T schedule}. As in ebpf_exporter, only the kernel's own symbols count:
 * a module's symbol (its name followed by a tab and {@code [module]}) never matches a bare name. A
 * name the kernel lists at two different addresses (static functions of the same name in different
 * files) is refused rather than guessed.
 */
final class KernelAddresses {
    static final Path KALLSYMS = Path.of("/proc/kallsyms");

    private KernelAddresses() {}

    /**
     * The address of each of {@code symbols}, in their order.
     *
     * @throws IOException when the file cannot be read, or a symbol is missing, hidden (every address
     *     reads 0 without CAP_SYSLOG) or ambiguous; the message says which and what to do
     */
    static Map<String, Long> of(Path kallsyms, Collection<String> symbols) throws IOException {
        Map<String, Set<Long>> found = new LinkedHashMap<>();
        symbols.forEach(symbol -> found.put(symbol, new TreeSet<>(Long::compareUnsigned)));
        try (BufferedReader lines = Files.newBufferedReader(kallsyms, StandardCharsets.US_ASCII)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                List<String> fields = List.of(line.split(" "));
                Set<Long> addresses = fields.size() == 3 ? found.get(fields.get(2)) : null;
                if (addresses != null) {
                    addresses.add(Long.parseUnsignedLong(fields.get(0), 16));
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException(kallsyms + " has a line that is not 'address type name': " + e.getMessage(), e);
        }
        Map<String, Long> addresses = new LinkedHashMap<>();
        for (Map.Entry<String, Set<Long>> symbol : found.entrySet()) {
            addresses.put(symbol.getKey(), single(kallsyms, symbol.getKey(), symbol.getValue()));
        }
        return addresses;
    }

    private static long single(Path kallsyms, String symbol, Set<Long> addresses) throws IOException {
        if (addresses.isEmpty()) {
            throw new IOException(kallsyms + " lists no kernel symbol '" + symbol + "' (module symbols do not count;"
                    + " data symbols need CONFIG_KALLSYMS_ALL); check the name in the config's kaddrs");
        }
        if (addresses.equals(Set.of(0L))) {
            throw new IOException(kallsyms + " shows '" + symbol + "' at address 0 to this process: kernel addresses"
                    + " are hidden; grant CAP_SYSLOG (or run as root), or set kernel.kptr_restrict=0");
        }
        if (addresses.size() > 1) {
            throw new IOException(kallsyms + " lists kernel symbol '" + symbol + "' at " + addresses.size()
                    + " addresses (" + addresses.stream().map(a -> "0x" + Long.toHexString(a)).toList()
                    + "), so its address is ambiguous; pick a symbol the kernel has once");
        }
        return addresses.iterator().next();
    }
}
