package dev.ebpfexporter.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The online CPUs as /proc/stat lists them (a "cpuN" line each), independent of the sysfs list the exporter reads. */
public final class OnlineCpus {
    private static final Pattern CPU_LINE = Pattern.compile("^cpu(\\d+) ");

    private OnlineCpus() {}

    public static List<Integer> fromProcStat() throws IOException {
        return Files.readAllLines(Path.of("/proc/stat")).stream().map(CPU_LINE::matcher).filter(Matcher::find)
                .map(m -> Integer.parseInt(m.group(1))).toList();
    }
}
