package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs src/test/c/direct-reclaim-stall.c: reclaim stalls under a unique comm, counted by the
 * kernel's own perf counters on the reclaim tracepoints for that process alone.
 */
final class DirectReclaimStall {
    private static final TestHelper HELPER = new TestHelper("direct-reclaim-stall");
    private static final Pattern RESULT = Pattern.compile("memcg=(\\d+) global=(\\d+)");

    /** Reclaims the helper entered while it bore its comm: mm_vmscan_{memcg,direct}_reclaim_begin events. */
    record Counts(long memcg, long global) {}

    private DirectReclaimStall() {}

    /** A comm nobody else on the machine has: 15 bytes at most. */
    static String uniqueComm() {
        return String.format("dr%08d", new Random().nextInt(100_000_000));
    }

    /** In {@code cgroup}, reads {@code file} {@code passes} times through the page cache, its cache dropped before each. */
    static Counts readIn(MemoryCgroup cgroup, String comm, Path file, int passes)
            throws IOException, InterruptedException {
        return counts(HELPER.run(120, comm, cgroup.procs().toString(), "read", file.toString(),
                Integer.toString(passes)));
    }

    /** In a guest, touches {@code mib} MiB of fresh anonymous memory. */
    static Counts fillIn(GuestVm vm, String comm, long mib) throws IOException, InterruptedException {
        return counts(vm.runOk(Duration.ofSeconds(300), HELPER.binary() + " " + comm + " - fill " + mib));
    }

    private static Counts counts(String output) {
        Matcher m = RESULT.matcher(output);
        if (!m.find()) {
            throw new AssertionError("direct-reclaim-stall printed no counts: " + output);
        }
        return new Counts(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }
}
