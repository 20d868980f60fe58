package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exporter's last drain and /proc/softirqs, read right after it was seen: a few milliseconds
 * apart on the host, a few tens under a guest's emulated CPU.
 */
record SoftirqReading(List<Series> metrics, Map<String, Long> proc) {
    private static final String PROC_MARK = "--- /proc/softirqs\n";
    /** In the guest: scrape until the drain count moves, then read /proc/softirqs with a builtin. */
    private static final String GUEST_SCRIPT = """
            url=http://127.0.0.1:%d/metrics
            pattern='ebpf_exporter_drains_total ([0-9]+)'
            [[ $(curl -sf $url) =~ $pattern ]] || exit 1
            first=${BASH_REMATCH[1]}
            while :; do
              scrape=$(curl -sf $url) || exit 1
              [[ $scrape =~ $pattern ]] && [ "${BASH_REMATCH[1]}" -gt "$first" ] && break
            done
            read -r -d '' softirqs < /proc/softirqs
            printf '%%s\\n%s%%s' "$scrape" "$softirqs"
            """;

    /** Right after the next drain of an exporter on the host. */
    static SoftirqReading after(ExporterProcess exporter) throws Exception {
        List<Series> drained = exporter.endpoint().scrapeRightAfterNextDrain();
        return new SoftirqReading(drained, parseProc(Files.readString(Path.of("/proc/softirqs"))));
    }

    /** Right after the next drain of an exporter in a guest, both read inside the guest. */
    static SoftirqReading after(GuestExporter exporter) throws IOException, InterruptedException {
        String output = exporter.vm().runOk(Duration.ofSeconds(30), GUEST_SCRIPT.formatted(GuestVm.GUEST_PORT, PROC_MARK));
        int mark = output.indexOf(PROC_MARK);
        return new SoftirqReading(Series.parseAll(output.substring(0, mark)),
                parseProc(output.substring(mark + PROC_MARK.length())));
    }

    long metric(String name, String kind) {
        return (long) Series.sum(metrics, name, Map.of("kind", kind));
    }

    long proc(String kind) {
        return proc.get(kind);
    }

    /** Each row of /proc/softirqs ("NET_RX:  12  34") summed over CPUs, by our kind names. */
    private static Map<String, Long> parseProc(String text) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields[0].endsWith(":")) {
                long sum = 0;
                for (int i = 1; i < fields.length; i++) {
                    sum += Long.parseLong(fields[i]);
                }
                totals.put(fields[0].substring(0, fields[0].length() - 1).toLowerCase(), sum);
            }
        }
        return totals;
    }
}
