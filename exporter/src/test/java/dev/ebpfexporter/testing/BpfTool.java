package dev.ebpfexporter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What bpftool, independent of the exporter, says is loaded in the kernel. */
public final class BpfTool {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    /** bpftool -j prints each program as {"id":N,"type":"...","name":"...",...}; name is absent for unnamed ones. */
    private static final Pattern PROGRAM =
            Pattern.compile("\\{\"id\":(\\d+),\"type\":\"([^\"]*)\"(?:,\"name\":\"([^\"]*)\")?");
    /** The kernel frees released programs and links in deferred work: they can outlive the last fd a little. */
    private static final int RELEASE_POLLS = 40;
    private static final long RELEASE_POLL_MILLIS = 50;

    /** One loaded program as bpftool lists it (the name is the full function name, from BTF). */
    public record Program(String id, String type, String name) {}

    private BpfTool() {}

    /** The ids {@code bpftool -j <kind> list} shows ({@code prog}, {@code link} or {@code map}). */
    public static List<String> ids(String kind) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(list(kind));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Every loaded program by id. */
    public static Map<String, Program> programs() throws IOException, InterruptedException {
        Map<String, Program> programs = new LinkedHashMap<>();
        Matcher m = PROGRAM.matcher(list("prog"));
        while (m.find()) {
            programs.put(m.group(1), new Program(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3)));
        }
        return programs;
    }

    /** The ids of {@code kind} that exist now but not in {@code before}, once the kernel has had up to 2 s to free them. */
    public static List<String> leftSince(String kind, Collection<String> before)
            throws IOException, InterruptedException {
        return awaitNone(() -> {
            List<String> left = new ArrayList<>(ids(kind));
            left.removeAll(before);
            return left;
        });
    }

    /** Which of {@code ids} of {@code kind} are still loaded, once the kernel has had up to 2 s to free them. */
    public static List<String> stillLoaded(String kind, Set<String> ids) throws IOException, InterruptedException {
        return awaitNone(() -> {
            List<String> loaded = new ArrayList<>(ids(kind));
            loaded.retainAll(ids);
            return loaded;
        });
    }

    /**
     * Programs loaded now, not in {@code before}, named one of {@code names}, once the kernel has had
     * up to 2 s to free them. Filtering by name keeps programs that other processes load meanwhile
     * out of the answer (a process that already exited can no longer be asked which ids it held).
     */
    public static List<Program> programsLeftSince(Collection<String> before, Set<String> names)
            throws IOException, InterruptedException {
        Predicate<Program> ours = p -> !before.contains(p.id()) && names.contains(p.name());
        return awaitNone(() -> programs().values().stream().filter(ours).toList());
    }

    private interface Listing<T> {
        List<T> now() throws IOException, InterruptedException;
    }

    private static <T> List<T> awaitNone(Listing<T> listing) throws IOException, InterruptedException {
        List<T> left = listing.now();
        for (int i = 1; i < RELEASE_POLLS && !left.isEmpty(); i++) {
            Thread.sleep(RELEASE_POLL_MILLIS);
            left = listing.now();
        }
        return left;
    }

    private static String list(String kind) throws IOException, InterruptedException {
        Process bpftool = new ProcessBuilder("bpftool", "-j", kind, "list").redirectErrorStream(true).start();
        String json = new String(bpftool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (bpftool.waitFor() != 0) {
            throw new AssertionError("bpftool " + kind + " list failed: " + json);
        }
        return json;
    }
}
