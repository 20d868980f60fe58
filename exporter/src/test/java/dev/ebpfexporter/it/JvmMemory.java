package dev.ebpfexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM process has allocated and not freed, the two quantities a leak adds to: the Java
 * objects still reachable after a full collection, and the bytes malloc has handed out and not
 * had back (glibc's mallinfo2, as {@code jcmd VM.info} prints it: libbpf's, JNA's and the JVM's
 * own native allocations). RSS is kept for the record only: freed memory that malloc retains, a
 * heap the collector sized anew, pages the page cache reclaimed all move it without a leak, and
 * malloc's retained free memory absorbs a small leak without moving it at all.
 */
record JvmMemory(long liveObjectsKib, long mallocKib, long rssKib) {
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    private static final Pattern MALLOC_OUTSTANDING = Pattern.compile("C-Heap outstanding allocations: (\\d+)K");

    static JvmMemory of(long pid) throws IOException, InterruptedException {
        // The class histogram collects first (a full GC) and then counts only reachable objects.
        long live = Long.parseLong(find(HISTOGRAM_TOTAL, jcmd(pid, "GC.class_histogram"), "histogram total")) / 1024;
        long malloc = Long.parseLong(find(MALLOC_OUTSTANDING, jcmd(pid, "VM.info"), "malloc outstanding"));
        return new JvmMemory(live, malloc, ProcFiles.status(pid, "VmRSS"));
    }

    /** Per quantity, the smallest of {@code samples}: allocations in flight at a reading only ever add to it. */
    static JvmMemory least(List<JvmMemory> samples) {
        return new JvmMemory(samples.stream().mapToLong(JvmMemory::liveObjectsKib).min().orElseThrow(),
                samples.stream().mapToLong(JvmMemory::mallocKib).min().orElseThrow(),
                samples.stream().mapToLong(JvmMemory::rssKib).min().orElseThrow());
    }

    private static String find(Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in:%n%s", what, text.substring(0, Math.min(text.length(), 2000))).isTrue();
        return matcher.group(1);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        return TestHelper.runCommand(30, List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command));
    }
}
