package dev.ebpfexporter.bpf;

import java.util.ArrayList;
import java.util.List;

/** A CPU list as sysfs writes it (cpu/online, cpu/possible, node/online): ranges and single ids, "0-3,6,8-9". */
public final class CpuList {
    private CpuList() {}

    /**
     * The CPUs the list names, in ascending order.
     *
     * @throws IllegalArgumentException when the text is not such a list
     */
    public static List<Integer> parse(String text) {
        List<Integer> cpus = new ArrayList<>();
        for (String item : text.strip().split(",", -1)) {
            int dash = item.indexOf('-');
            int first = cpu(text, dash < 0 ? item : item.substring(0, dash));
            int last = dash < 0 ? first : cpu(text, item.substring(dash + 1));
            if (last < first || (!cpus.isEmpty() && first <= cpus.get(cpus.size() - 1))) {
                throw new IllegalArgumentException("not an ascending CPU list: '" + text.strip() + "'");
            }
            for (int cpu = first; cpu <= last; cpu++) {
                cpus.add(cpu);
            }
        }
        return List.copyOf(cpus);
    }

    private static int cpu(String text, String number) {
        try {
            return Integer.parseUnsignedInt(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CPU list such as 0-3,6: '" + text.strip() + "'", e);
        }
    }
}
