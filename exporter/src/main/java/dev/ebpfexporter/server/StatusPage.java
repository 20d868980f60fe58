package dev.ebpfexporter.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.function.Supplier;

/** GET /: plain HTML (no scripts) listing each config, what it attached or why it failed. */
final class StatusPage implements Handler {
    private final String version;
    private final String telemetryPath;
    private final Supplier<List<ConfigStatus>> statuses;

    StatusPage(String version, String telemetryPath, Supplier<List<ConfigStatus>> statuses) {
        this.version = version;
        this.telemetryPath = telemetryPath;
        this.statuses = statuses;
    }

    @Override
    public void handle(Context ctx) {
        StringBuilder html = new StringBuilder(4096).append("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>ebpf-exporter</title>
                <style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left;\
                vertical-align:top}.failed{color:#b00}pre{white-space:pre-wrap;margin:0}</style></head>
                <body><h1>ebpf-exporter</h1>
                """);
        html.append("<p>Version ").append(escape(version)).append(". Metrics: <a href=\"")
                .append(escape(telemetryPath)).append("\">").append(escape(telemetryPath)).append("</a></p>\n");
        html.append("<table><tr><th>config</th><th>source</th><th>state</th><th>programs</th></tr>\n");
        for (ConfigStatus status : statuses.get()) {
            html.append("<tr><td>").append(escape(status.name())).append("</td><td>").append(escape(status.source()))
                    .append("</td>");
            if (status.loaded()) {
                html.append("<td>loaded</td><td>").append(escape(String.join(", ", status.programs())));
            } else {
                html.append("<td class=\"failed\">failed</td><td><pre>").append(escape(status.error())).append("</pre>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</table></body></html>\n");
        ctx.html(html.toString());
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
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
