package dev.ebpfexporter.it;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numa program's oracles and workloads in a two-node guest. Oracles: /proc/vmstat
 * numa_pages_migrated, and tracefs hist triggers (no BPF) on migrate:mm_migrate_pages keyed by
 * reason (hits and summed succeeded) and on the three sched_*_numa events. Workloads:
 * numa-workload.c, each run until the event it causes has fired.
 */
final class GuestNuma {
    static final List<String> PLACEMENT_KINDS = List.of("move", "swap", "stick");
    private static final String TRACING = "/sys/kernel/tracing/events/";
    private static final String MIGRATE = TRACING + "migrate/mm_migrate_pages/";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern MISPLACED_REASON = Pattern.compile("\\{(\\d+), \"numa_misplaced\"\\}");
    private static final Pattern REASON_ROW =
            Pattern.compile("\\{ reason:\\s+(\\d+) \\} hitcount:\\s+(\\d+)\\s+succeeded:\\s+(\\d+)");
    private static final Pattern HITS = Pattern.compile("--- (\\w+)\\s+Hits: (\\d+)");
    private static final TestHelper WORKLOAD = new TestHelper("numa-workload");
    /** A stable point's oracle reads must agree; stray migrations already armed can make a try miss. */
    private static final int STABLE_POINT_TRIES = 20;
    private static final int WORKLOAD_TRIES = 3;

    private final GuestVm vm;
    private final String misplacedReason;
    private final String migrateFormat;

    private GuestNuma(GuestVm vm, String migrateFormat, String misplacedReason) {
        this.vm = vm;
        this.migrateFormat = migrateFormat;
        this.misplacedReason = misplacedReason;
    }

    /** Sets the hist triggers up. The reason's number comes from the event's own format (not BTF). */
    static GuestNuma arm(GuestVm vm) throws IOException, InterruptedException {
        String format = vm.runOk(SCRIPT_TIMEOUT, "cat " + MIGRATE + "format");
        Matcher reason = MISPLACED_REASON.matcher(format);
        if (!reason.find()) {
            throw new AssertionError("no numa_misplaced reason in mm_migrate_pages' format:\n" + format);
        }
        StringBuilder script = new StringBuilder("set -e\necho 'hist:keys=reason:vals=succeeded' > " + MIGRATE
                + "trigger\n");
        for (String kind : PLACEMENT_KINDS) {
            script.append("echo 'hist:keys=common_type' > ").append(placementEvent(kind)).append("trigger\n");
        }
        vm.runOk(SCRIPT_TIMEOUT, script.toString());
        return new GuestNuma(vm, format, reason.group(1));
    }

    /** The mm_migrate_pages record's layout as this kernel's tracefs describes it. */
    String migrateFormat() {
        return migrateFormat;
    }

    /** Automatic NUMA balancing on, scanning fast (the scan knobs are in debugfs on these kernels). */
    void balanceFast() throws IOException, InterruptedException {
        vm.runOk(SCRIPT_TIMEOUT, """
                set -e
                sysctl -qw kernel.numa_balancing=1
                cd /sys/kernel/debug/sched/numa_balancing
                echo 0 > scan_delay_ms; echo 100 > scan_period_min_ms; echo 400 > scan_period_max_ms
                """);
    }

    /**
     * A scrape paired with the oracles it saw: read the oracles, take a scrape of a drain that began
     * after that, read them again, and keep the pair only if nothing moved in between. Balancing is
     * paused meanwhile (hinting faults already armed may still migrate a few pages: then retry).
     */
    NumaStablePoint stablePoint(MetricsEndpoint exporter) throws IOException, InterruptedException {
        vm.runOk(SCRIPT_TIMEOUT, "sysctl -qw kernel.numa_balancing=0");
        Map<String, Long> before = null;
        Map<String, Long> after = null;
        for (int attempt = 1; attempt <= STABLE_POINT_TRIES; attempt++) {
            before = oracle();
            List<Series> scrape = exporter.scrapeAfterNextDrains(SCRIPT_TIMEOUT);
            after = oracle();
            if (before.equals(after)) {
                return new NumaStablePoint(Map.copyOf(before), scrape);
            }
        }
        throw new AssertionError("no stable point in " + STABLE_POINT_TRIES + " tries; last: " + before + " -> " + after);
    }

    /**
     * Runs numa-workload {@code mode} until {@code counter} ("vmstat:KEY", or a placement kind's
     * hist) rose by {@code min}, up to three times.
     */
    void runWorkload(String mode, String counter, long min) throws IOException, InterruptedException {
        String command = WORKLOAD.binary() + " " + mode + " 64 10 " + counter + " " + min;
        StringBuilder outputs = new StringBuilder();
        for (int attempt = 1; attempt <= WORKLOAD_TRIES; attempt++) {
            GuestVm.Result result = vm.run(SCRIPT_TIMEOUT, command);
            outputs.append(result.output());
            if (result.status() == 0) {
                return;
            }
        }
        throw new AssertionError("numa-workload " + mode + " never saw " + counter + " rise:\n" + outputs);
    }

    static String placementCounter(String kind) {
        return placementEvent(kind) + "hist";
    }

    private static String placementEvent(String kind) {
        return TRACING + "sched/sched_" + kind + "_numa/";
    }

    /** numa_pages_migrated, misplaced_calls and misplaced_pages, and move, swap, stick hits. */
    private Map<String, Long> oracle() throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("grep '^numa_pages_migrated ' /proc/vmstat\ncat " + MIGRATE + "hist\n");
        for (String kind : PLACEMENT_KINDS) {
            script.append("echo '--- ").append(kind).append("'; grep Hits: ").append(placementCounter(kind)).append('\n');
        }
        String output = vm.runOk(SCRIPT_TIMEOUT, script.toString());
        Map<String, Long> oracle = new HashMap<>();
        oracle.put("numa_pages_migrated", Long.parseLong(output.substring(0, output.indexOf('\n')).split(" ")[1]));
        oracle.put("misplaced_calls", 0L);
        oracle.put("misplaced_pages", 0L);
        Matcher row = REASON_ROW.matcher(output);
        while (row.find()) {
            if (row.group(1).equals(misplacedReason)) {
                oracle.put("misplaced_calls", Long.parseLong(row.group(2)));
                oracle.put("misplaced_pages", Long.parseLong(row.group(3)));
            }
        }
        Matcher hits = HITS.matcher(output);
        while (hits.find()) {
            oracle.put(hits.group(1), Long.parseLong(hits.group(2)));
        }
        return oracle;
    }
}
