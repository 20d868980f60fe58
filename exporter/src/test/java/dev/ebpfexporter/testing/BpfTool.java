package dev.ebpfexporter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What bpftool, independent of the exporter, says is loaded in the kernel. */
public final class BpfTool {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private BpfTool() {}

    /** The ids {@code bpftool -j <kind> list} shows ({@code prog} or {@code link}). */
    public static List<String> ids(String kind) throws IOException, InterruptedException {
        Process bpftool = new ProcessBuilder("bpftool", "-j", kind, "list").redirectErrorStream(true).start();
        String json = new String(bpftool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (bpftool.waitFor() != 0) {
            throw new AssertionError("bpftool " + kind + " list failed: " + json);
        }
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /**
     * The ids of {@code kind} that exist now but not in {@code before}, once the kernel has had up
     * to 2 s to free what was released: it frees programs and links in deferred work, so they can
     * outlive the last fd by a few milliseconds.
     */
    public static List<String> leftSince(String kind, Collection<String> before)
            throws IOException, InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 40; i++) {
            left = new ArrayList<>(ids(kind));
            left.removeAll(before);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        return left;
    }
}
