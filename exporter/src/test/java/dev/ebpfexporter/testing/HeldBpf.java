package dev.ebpfexporter.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BPF programs and links a live process holds, from the kernel's own record of its file
 * descriptors (/proc/PID/fd and fdinfo), so a test can tell its process's objects from those of
 * anything else loading programs on the machine at the same time.
 *
 * @param perfEvents how many perf event fds it holds (perf_event programs' events have no id)
 */
public record HeldBpf(Set<String> programs, Set<String> links, Set<String> maps, int perfEvents) {
    private static final Pattern PROG_ID = Pattern.compile("(?m)^prog_id:\\s*(\\d+)$");
    private static final Pattern LINK_ID = Pattern.compile("(?m)^link_id:\\s*(\\d+)$");
    private static final Pattern MAP_ID = Pattern.compile("(?m)^map_id:\\s*(\\d+)$");

    public HeldBpf {
        programs = Set.copyOf(programs);
        links = Set.copyOf(links);
        maps = Set.copyOf(maps);
    }

    /** What this JVM itself holds. */
    public static HeldBpf ofThisProcess() throws IOException {
        return of(ProcessHandle.current().pid());
    }

    public static HeldBpf of(long pid) throws IOException {
        Set<String> programs = new TreeSet<>();
        Set<String> links = new TreeSet<>();
        Set<String> maps = new TreeSet<>();
        int perfEvents = 0;
        Path proc = Path.of("/proc", Long.toString(pid));
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                String target;
                String info;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                    info = Files.readString(proc.resolve("fdinfo").resolve(fd.getFileName()));
                } catch (NoSuchFileException closedMeanwhile) {
                    continue;
                }
                // A link's fdinfo names its program too (prog_id), so classify by the fd's kind first.
                if (target.equals("anon_inode:bpf-prog")) {
                    programs.add(id(PROG_ID, info, fd));
                } else if (target.equals("anon_inode:bpf_link")) {
                    links.add(id(LINK_ID, info, fd));
                } else if (target.equals("anon_inode:bpf-map")) {
                    maps.add(id(MAP_ID, info, fd));
                } else if (target.equals("anon_inode:[perf_event]")) {
                    perfEvents++;
                }
            }
        }
        return new HeldBpf(programs, links, maps, perfEvents);
    }

    private static String id(Pattern pattern, String fdinfo, Path fd) {
        Matcher m = pattern.matcher(fdinfo);
        if (!m.find()) {
            throw new AssertionError("no " + pattern + " in fdinfo of " + fd + ":\n" + fdinfo);
        }
        return m.group(1);
    }
}
