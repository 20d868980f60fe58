package dev.ebpfexporter.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One reading of a kallsyms file ({@code ffffffff8142de30 t hrtimer_wakeup}, module symbols
 * {@code ffffffffc0a01230 t estimation_timer\t[ip_vs]}): distinct addresses sorted for binary
 * search, names packed into one byte array, about 40 bytes per symbol (a kernel lists 100,000 to
 * 300,000). The name of a symbol is everything after the type letter, so a module symbol keeps its
 * tab and {@code [module]}, as ebpf_exporter's decoder gives it. Where several symbols share an
 * address, the first one the file lists names it. Lines that are not {@code address type name} are
 * skipped.
 */
final class KernelSymbols {
    private final long[] addresses; // sorted, unsigned, distinct
    private final int[] nameStarts; // name i is names[nameStarts[i] .. nameStarts[i + 1])
    private final byte[] names;
    private final boolean allZero;

    private KernelSymbols(long[] addresses, int[] nameStarts, byte[] names, boolean allZero) {
        this.addresses = addresses;
        this.nameStarts = nameStarts;
        this.names = names;
        this.allZero = allZero;
    }

    private record Symbol(long address, String name) {}

    /** @throws IOException when the file cannot be read or lists more than {@code maxSymbols} symbols */
    static KernelSymbols read(Path kallsyms, int maxSymbols) throws IOException {
        List<Symbol> symbols = new ArrayList<>();
        boolean allZero = true;
        try (BufferedReader lines = Files.newBufferedReader(kallsyms, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Symbol symbol = parse(line);
                if (symbol == null) {
                    continue;
                }
                if (symbols.size() == maxSymbols) {
                    throw new IOException(kallsyms + " lists more than " + maxSymbols + " symbols");
                }
                symbols.add(symbol);
                allZero &= symbol.address() == 0;
            }
        }
        symbols.sort((a, b) -> Long.compareUnsigned(a.address(), b.address())); // stable: file order kept
        return pack(symbols, allZero && !symbols.isEmpty());
    }

    /** {@code address type name}, split on the first two spaces; null for anything else. */
    private static Symbol parse(String line) {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        if (first <= 0 || second < 0 || second + 1 == line.length()) {
            return null;
        }
        try {
            return new Symbol(Long.parseUnsignedLong(line, 0, first, 16), line.substring(second + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static KernelSymbols pack(List<Symbol> sorted, boolean allZero) {
        long[] addresses = new long[sorted.size()];
        int[] nameStarts = new int[sorted.size() + 1];
        List<byte[]> kept = new ArrayList<>();
        int count = 0;
        int length = 0;
        for (Symbol symbol : sorted) {
            if (count > 0 && addresses[count - 1] == symbol.address()) {
                continue; // an alias listed later
            }
            byte[] name = symbol.name().getBytes(StandardCharsets.UTF_8);
            addresses[count] = symbol.address();
            nameStarts[count++] = length;
            length += name.length;
            kept.add(name);
        }
        nameStarts[count] = length;
        byte[] names = new byte[length];
        for (int i = 0; i < count; i++) {
            System.arraycopy(kept.get(i), 0, names, nameStarts[i], kept.get(i).length);
        }
        return new KernelSymbols(Arrays.copyOf(addresses, count), Arrays.copyOf(nameStarts, count + 1), names, allZero);
    }

    /** The name of the symbol at exactly {@code address} (UTF-8), or null; never a name for an all-zero listing. */
    byte[] at(long address) {
        int index = floorIndex(address);
        return index >= 0 && addresses[index] == address ? nameAt(index) : null;
    }

    /**
     * The name of the symbol whose code {@code address} is in: the one at the highest address at
     * or below it (UTF-8), or null when it is below every symbol; never a name for an all-zero listing.
     */
    byte[] containing(long address) {
        int index = floorIndex(address);
        return index >= 0 ? nameAt(index) : null;
    }

    /** The index of the highest address at or below {@code address} (unsigned), -1 for none or an all-zero listing. */
    private int floorIndex(long address) {
        if (allZero) {
            return -1;
        }
        int low = 0;
        int high = addresses.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(addresses[middle], address) <= 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return high;
    }

    private byte[] nameAt(int index) {
        return Arrays.copyOfRange(names, nameStarts[index], nameStarts[index + 1]);
    }

    /**
     * True when every address reads 0: what the kernel shows a reader without CAP_SYSLOG (or every
     * reader, with kernel.kptr_restrict = 2); nothing can be named then.
     */
    boolean allZero() {
        return allZero;
    }

    int size() {
        return addresses.length;
    }
}
