package dev.ebpfexporter.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One thread's capability sets and no_new_privs flag, as its {@code /proc/PID/task/TID/status}
 * shows them: what the kernel checks, whatever the exporter believes it did.
 */
record ThreadPrivileges(String thread, long effective, long permitted, long inheritable, long bounding, long ambient,
        boolean noNewPrivs) {

    /** Every thread of this process; threads that end while being read are left out. */
    static List<ThreadPrivileges> ofThisProcess() {
        List<ThreadPrivileges> threads = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    threads.add(parse(task.getFileName().toString(), Files.readString(task.resolve("status"))));
                } catch (NoSuchFileException ended) {
                    // the thread ended after the listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/task", e);
        }
        return threads;
    }

    /** From the text of a status file; {@code thread} names it in messages. */
    static ThreadPrivileges parse(String thread, String status) {
        Map<String, String> fields = status.lines().filter(line -> line.indexOf(':') > 0)
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
                        line -> line.substring(line.indexOf(':') + 1).strip(), (first, second) -> first));
        return new ThreadPrivileges(thread, hex(fields, "CapEff"), hex(fields, "CapPrm"), hex(fields, "CapInh"),
                hex(fields, "CapBnd"), hex(fields, "CapAmb"), "1".equals(fields.get("NoNewPrivs")));
    }

    private static long hex(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no " + name + " line in the status file");
        }
        return Long.parseUnsignedLong(value, 16);
    }
}
