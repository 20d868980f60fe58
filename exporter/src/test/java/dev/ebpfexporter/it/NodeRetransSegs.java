package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Tcp: RetransSegs} of every network namespace on the node, by namespace inode. The kernel
 * counts it per namespace; a BPF program on the TCP tracepoints counts every namespace at once,
 * so this is what a node-wide count is bounded by. A namespace is found through a process in it
 * ({@code /proc/PID/net/snmp} is that process's namespace's) or, with no process, through its
 * mount under /run/netns (as {@code ip netns add} leaves it).
 */
final class NodeRetransSegs {
    private static final Path PROC = Path.of("/proc");
    private static final Path NAMED = Path.of("/run/netns");

    private NodeRetransSegs() {}

    /** RetransSegs by namespace inode; a process or namespace that vanishes while being read is left out. */
    static Map<Long, Long> byNamespace() throws IOException, InterruptedException {
        Map<Long, Long> counts = new HashMap<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path pid : pids) {
                try {
                    long inode = (Long) Files.getAttribute(pid.resolve("ns/net"), "unix:ino");
                    if (!counts.containsKey(inode)) {
                        counts.put(inode, parse(Files.readString(pid.resolve("net/snmp"))));
                    }
                } catch (IOException exitedOrKernelThread) {
                    // a process that exited meanwhile; its namespace is read through another one or not at all
                }
            }
        }
        if (Files.isDirectory(NAMED)) {
            try (DirectoryStream<Path> named = Files.newDirectoryStream(NAMED)) {
                for (Path namespace : named) {
                    if (!Files.getFileStore(namespace).type().equals("nsfs")) {
                        continue; // a leftover file whose namespace is gone
                    }
                    long inode = (Long) Files.getAttribute(namespace, "unix:ino");
                    if (!counts.containsKey(inode)) {
                        counts.put(inode, parse(Commands.run(List.of("nsenter", "--net=" + namespace, "cat",
                                "/proc/net/snmp"), Duration.ofSeconds(10))));
                    }
                }
            }
        }
        return counts;
    }

    /** Sum of what every namespace but {@code excluded} counted from {@code start} to {@code end}. */
    static long deltaExcept(Map<Long, Long> start, Map<Long, Long> end, long excluded) {
        long delta = 0;
        for (Map.Entry<Long, Long> namespace : end.entrySet()) {
            if (namespace.getKey() != excluded) {
                delta += namespace.getValue() - start.getOrDefault(namespace.getKey(), 0L);
            }
        }
        return delta;
    }

    /** RetransSegs from /proc/net/snmp's text. */
    static long parse(String snmp) {
        return field(snmp, "Tcp:", "RetransSegs");
    }

    /**
     * A counter of /proc/net/snmp or /proc/net/netstat: in each section (Tcp:, TcpExt:) a header line
     * names the columns of the value line after it.
     */
    static long field(String text, String section, String name) {
        String[] header = null;
        for (String line : text.split("\n")) {
            if (!line.startsWith(section)) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            if (header == null) {
                header = fields;
                continue;
            }
            for (int i = 1; i < header.length; i++) {
                if (header[i].equals(name)) {
                    return Long.parseLong(fields[i]);
                }
            }
        }
        throw new IllegalArgumentException("no " + section + " " + name + " in:\n" + text);
    }
}
