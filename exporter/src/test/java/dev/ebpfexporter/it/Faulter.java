package dev.ebpfexporter.it;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs src/test/c/faulter.c: N page faults under a unique comm, counted by the kernel's getrusage. */
final class Faulter {
    private static final TestHelper FAULTER = new TestHelper("faulter");
    private static final Pattern RESULT = Pattern.compile("faults=(\\d+)");

    private Faulter() {}

    /** A comm nobody else on the machine has: 15 bytes at most. */
    static String uniqueComm() {
        return String.format("pf%08d", new Random().nextInt(100_000_000));
    }

    /** Faults {@code pages} pages under {@code comm}; returns the kernel's own count for the window. */
    static long run(String comm, long pages) throws IOException, InterruptedException {
        return count(FAULTER.run(60, comm, Long.toString(pages)));
    }

    /** The same, in a guest. */
    static long runIn(GuestVm vm, String comm, long pages) throws IOException, InterruptedException {
        return count(vm.runOk(Duration.ofSeconds(120), FAULTER.binary() + " " + comm + " " + pages));
    }

    private static long count(String output) {
        Matcher m = RESULT.matcher(output);
        if (!m.find()) {
            throw new AssertionError("faulter printed no count: " + output);
        }
        return Long.parseLong(m.group(1));
    }
}
