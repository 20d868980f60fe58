package dev.ebpfexporter.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/**
 * {@code POST /-/reload} (and PUT), as Prometheus answers it: 403 unless
 * {@code --web.enable-lifecycle} is given, else the reload's outcome (200, or 500 with why) once it
 * is done. Reached only past the web config's basic auth, like every path.
 */
final class ReloadHandler implements Handler {
    static final String PATH = "/-/reload";

    private final Optional<Reloader> reloader;

    /** @param reloader empty when the lifecycle endpoints are off */
    ReloadHandler(Optional<Reloader> reloader) {
        this.reloader = reloader;
    }

    @Override
    public void handle(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8");
        if (reloader.isEmpty()) {
            ctx.status(HttpStatus.FORBIDDEN).result("Lifecycle API is not enabled (start with --web.enable-lifecycle).\n");
            return;
        }
        Reloader.Result result = reloader.get().reload();
        ctx.status(result.successful() ? HttpStatus.OK : HttpStatus.INTERNAL_SERVER_ERROR)
                .result(result.summary() + "\n");
    }

    /** GET and the other methods: a reload changes state, so only POST or PUT ask for it. */
    static void methodNotAllowed(Context ctx) {
        ctx.status(HttpStatus.METHOD_NOT_ALLOWED).header("Allow", "POST, PUT").contentType("text/plain; charset=utf-8")
                .result("Only POST or PUT requests allowed.\n");
    }
}
