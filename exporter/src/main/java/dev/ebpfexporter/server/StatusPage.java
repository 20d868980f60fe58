package dev.ebpfexporter.server;

import dev.ebpfexporter.bpf.ProgramRunStats;
import dev.ebpfexporter.metrics.DrainStatus;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * GET /: plain HTML and CSS (no scripts), so it reads the same in a browser, curl or a text-mode
 * browser on the node: each config and what it attached or why it failed, each program's in-kernel
 * cost, each metric's series and map fill, and the last drain.
 */
final class StatusPage implements Handler {
    /** A drain later than this many intervals means the drain thread is stuck or starved. */
    private static final int LATE_INTERVALS = 3;
    /** A map this full is about to overflow: its row is highlighted. */
    private static final double FILL_WARNING = 0.9;
    private static final String STYLE = """
            body{font-family:sans-serif;margin:2em;color:#222}\
            table{border-collapse:collapse;margin-bottom:1.5em;font-size:.9em}\
            th,td{padding:.3em .6em;text-align:left;vertical-align:top;border-bottom:1px solid #ddd;white-space:nowrap}\
            td.list{white-space:normal}td.n{text-align:right;font-variant-numeric:tabular-nums}.failed,.warn{color:#b00}\
            .failed{white-space:pre-wrap}.note{color:#555;max-width:60em}\
            .bar{display:inline-block;width:5em;height:.8em;background:#eee;margin-right:.5em}\
            .bar span{display:block;height:100%;background:#4a7}.warn .bar span{background:#c33}""";

    private final String version;
    private final String telemetryPath;
    private final Supplier<ExporterStatus> status;
    private final Clock clock;

    StatusPage(String version, String telemetryPath, Supplier<ExporterStatus> status, Clock clock) {
        this.version = version;
        this.telemetryPath = telemetryPath;
        this.status = status;
        this.clock = clock;
    }

    @Override
    public void handle(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(render(status.get()));
    }

    String render(ExporterStatus status) {
        StringBuilder html = new StringBuilder(8192)
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ebpf-exporter</title>\n<style>")
                .append(STYLE).append("</style></head>\n<body><h1>ebpf-exporter</h1>\n<p>Version ")
                .append(escape(version)).append(". Metrics: <a href=\"").append(escape(telemetryPath)).append("\">")
                .append(escape(telemetryPath)).append("</a></p>\n");
        summary(html, status);
        lastDrain(html, status.drain(), status.drainInterval());
        configs(html, status.configs());
        programs(html, status.drain().programs(), status.runTimeStats());
        metrics(html, status.drain().metrics());
        return html.append("</body></html>\n").toString();
    }

    private static void summary(StringBuilder html, ExporterStatus status) {
        if (status.loading()) {
            html.append("<p id=\"summary\">Loading the configs: metrics are served once they are attached and"
                    + " drained.</p>\n");
            return;
        }
        long loaded = status.configs().stream().filter(ConfigStatus::loaded).count();
        int series = status.drain().metrics().stream().mapToInt(DrainStatus.Metric::series).sum();
        long reloadFailed = status.configs().stream().filter(c -> c.reloadFailure().isPresent()).count();
        html.append("<p id=\"summary\"")
                .append(loaded < status.configs().size() || reloadFailed > 0 ? " class=\"warn\">" : ">")
                .append(loaded).append(" of ").append(status.configs().size()).append(" configs loaded, ")
                .append(status.drain().programs().size()).append(" programs attached, ")
                .append(String.format(Locale.ROOT, "%,d", series)).append(" series.");
        if (reloadFailed > 0) {
            html.append(" The last reload failed for ").append(reloadFailed)
                    .append(reloadFailed == 1 ? " config" : " configs").append(": see below.");
        }
        html.append("</p>\n");
    }

    private void lastDrain(StringBuilder html, DrainStatus drain, Duration interval) {
        html.append("<h2>Last drain</h2>\n<p id=\"drain\">");
        if (drain.count() == 0) {
            html.append("No drain yet.");
        } else {
            Instant now = clock.instant();
            Duration age = Duration.between(drain.finishedAt(), now);
            boolean late = age.compareTo(interval.multipliedBy(LATE_INTERVALS)) > 0;
            html.append(late ? "<span class=\"warn\">" : "<span>").append("Drain ").append(drain.count())
                    .append(" finished at ").append(drain.finishedAt().truncatedTo(ChronoUnit.MILLIS))
                    .append(" (").append(seconds(age)).append(" ago)</span>, took ")
                    .append(milliseconds(drain.took())).append("; maps are read every ").append(seconds(interval))
                    .append('.');
            if (late) {
                html.append(" <span class=\"warn\">That is more than ").append(LATE_INTERVALS)
                        .append(" intervals ago: the drain thread is stuck or starved; the log says why.</span>");
            }
        }
        html.append("</p>\n");
    }

    private static void configs(StringBuilder html, List<ConfigStatus> configs) {
        html.append("<h2>Configs</h2>\n<table id=\"configs\">\n")
                .append("<tr><th>config</th><th>source</th><th>state</th><th>programs</th></tr>\n");
        for (ConfigStatus config : configs) {
            html.append("<tr><td>").append(escape(config.name())).append("</td><td>").append(escape(config.source()))
                    .append(state(config))
                    .append("</td><td class=\"list\">").append(escape(String.join(", ", config.programs())))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String state(ConfigStatus config) {
        if (!config.loaded()) {
            return "</td><td class=\"failed\">failed: " + escape(config.error());
        }
        return config.reloadFailure()
                .map(error -> "</td><td class=\"failed\">reload failed: " + escape(error)
                        + ", still running the previous version")
                .orElse("</td><td>loaded");
    }

    private static void programs(StringBuilder html, List<DrainStatus.Program> programs, boolean runTimeStats) {
        html.append("<h2>Programs</h2>\n");
        if (!runTimeStats) {
            html.append("<p class=\"note\" id=\"stats-off\">The kernel counts run time only while run-time stats are on:"
                    + " start the exporter with <code>--bpf.stats</code>, or run <code>sysctl -w"
                    + " kernel.bpf_stats_enabled=1</code>. They add two clock reads to every program run, so they are"
                    + " off by default; the figures below stand still meanwhile.</p>\n");
        }
        html.append("<table id=\"programs\">\n<tr><th>config</th><th>program</th><th>id</th><th>runs</th>"
                + "<th>run time</th><th>mean per run</th></tr>\n");
        for (DrainStatus.Program program : programs) {
            html.append("<tr><td>").append(escape(program.config())).append("</td><td>").append(escape(program.name()))
                    .append("</td>");
            if (program.stats().isEmpty()) {
                html.append("<td colspan=\"4\" class=\"warn\">its counters could not be read</td></tr>\n");
                continue;
            }
            ProgramRunStats stats = program.stats().get();
            html.append("<td class=\"n\">").append(stats.id()).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", stats.runCount())).append("</td><td class=\"n\">")
                    .append(milliseconds(Duration.ofNanos(stats.runTimeNanos()))).append("</td><td class=\"n\">")
                    .append(stats.runCount() == 0 ? "–" : String.format(Locale.ROOT, "%.0f ns", stats.nanosPerRun()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void metrics(StringBuilder html, List<DrainStatus.Metric> metrics) {
        html.append("<h2>Metrics</h2>\n<p class=\"note\">A full map counts what it cannot store in its overflow"
                + " series (label value <code>[overflow]</code>); raise <code>max_entries</code> in the config if a map"
                + " fills up.</p>\n<table id=\"metrics\">\n<tr><th>config</th><th>metric</th><th>type</th>"
                + "<th>series</th><th>map keys</th><th>fill</th><th>overflow</th><th>read errors</th>"
                + "<th>decode errors</th></tr>\n");
        for (DrainStatus.Metric metric : metrics) {
            double fill = metric.entries().isPresent() && metric.maxEntries() > 0 && !metric.array()
                    ? (double) metric.entries().getAsInt() / metric.maxEntries() : 0;
            boolean warn = fill >= FILL_WARNING || metric.overflow().orElse(0) != 0 || metric.readErrors() > 0;
            html.append(warn ? "<tr class=\"warn\">" : "<tr>").append("<td>").append(escape(metric.config()))
                    .append("</td><td>").append(escape(metric.name())).append("</td><td>").append(metric.type())
                    .append("</td><td class=\"n\">").append(metric.series()).append("</td><td class=\"n\">")
                    .append(metric.entries().isPresent() ? String.valueOf(metric.entries().getAsInt()) : "not read")
                    .append(" / ").append(metric.maxEntries()).append("</td><td>");
            if (metric.array()) {
                html.append("array: fixed size");
            } else {
                String percent = String.format(Locale.ROOT, "%.1f", 100 * fill);
                html.append("<span class=\"bar\"><span style=\"width:").append(percent).append("%\"></span></span>")
                        .append(percent).append(" %");
            }
            html.append("</td><td class=\"n\">")
                    .append(metric.overflow().isPresent() ? Long.toUnsignedString(metric.overflow().getAsLong()) : "–")
                    .append("</td><td class=\"n\">").append(metric.readErrors()).append("</td><td class=\"n\">")
                    .append(metric.decodeErrors()).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String milliseconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
    }

    /** Text as HTML element content or a double-quoted attribute value. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
