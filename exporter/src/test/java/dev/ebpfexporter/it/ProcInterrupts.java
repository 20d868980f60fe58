package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's interrupt counts per IRQ descriptor: the numbered rows of /proc/interrupts, summed
 * over CPUs. The other rows (NMI, LOC, RES, CAL, …) are per-CPU architecture vectors, not IRQ
 * descriptors with irqactions: their handlers never fire irq_handler_entry, so they are left out.
 */
record ProcInterrupts(Map<Integer, Long> counts) {
    private static final Path PROC = Path.of("/proc/interrupts");
    private static final Path SYS_IRQ = Path.of("/sys/kernel/irq");

    static ProcInterrupts read() throws IOException {
        return parse(Files.readString(PROC));
    }

    /** "  36:   0   635828  PCI-MSIX-0000:00:02.0  1-edge  virtio1-req.0": the CPU columns summed. */
    static ProcInterrupts parse(String text) {
        String[] lines = text.split("\n");
        int cpus = lines[0].trim().split("\\s+").length;
        Map<Integer, Long> counts = new TreeMap<>();
        for (String line : Arrays.asList(lines).subList(1, lines.length)) {
            String[] fields = line.trim().split("\\s+");
            if (fields[0].matches("\\d+:")) {
                long sum = 0;
                for (int i = 1; i <= cpus && i < fields.length; i++) {
                    sum += Long.parseLong(fields[i]);
                }
                counts.put(Integer.parseInt(fields[0].substring(0, fields[0].length() - 1)), sum);
            }
        }
        return new ProcInterrupts(counts);
    }

    long count(int irq) {
        return counts.getOrDefault(irq, 0L);
    }

    /**
     * The names of the IRQ's handlers, as /proc/interrupts' last column joins them with ", " (sysfs
     * joins them with ","; a driver's name without a comma reads the same in both).
     */
    static List<String> handlers(int irq) throws IOException {
        String actions = Files.readString(SYS_IRQ.resolve(Integer.toString(irq)).resolve("actions")).strip();
        return actions.isEmpty() ? List.of() : List.of(actions.split(","));
    }
}
