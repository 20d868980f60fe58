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
        ctx.contentType("text/html; charset=utf-8").result(render(statuses.get()));
    }

    private String render(List<ConfigStatus> configs) {
        StringBuilder html = new StringBuilder(4096).append("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>ebpf-exporter</title>
                <style>body{font-family:sans-serif;margin:2em}th,td{padding:.3em .8em;text-align:left;\
                vertical-align:top}.failed{color:#b00;white-space:pre-wrap}</style></head>
                <body><h1>ebpf-exporter</h1>
                """);
        html.append("<p>Version ").append(escape(version)).append(". Metrics: <a href=\"")
                .append(escape(telemetryPath)).append("\">").append(escape(telemetryPath)).append("</a></p>\n")
                .append("<table>\n<tr><th>config</th><th>source</th><th>state</th><th>programs</th></tr>\n");
        for (ConfigStatus config : configs) {
            html.append("<tr><td>").append(escape(config.name()))
                    .append("</td><td>").append(escape(config.source()))
                    .append(config.loaded() ? "</td><td>loaded" : "</td><td class=\"failed\">failed: " + escape(config.error()))
                    .append("</td><td>").append(escape(String.join(", ", config.programs())))
                    .append("</td></tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
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
