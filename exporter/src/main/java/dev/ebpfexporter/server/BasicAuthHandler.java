package dev.ebpfexporter.server;

import dev.ebpfexporter.web.BasicAuth;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Runs before every request, whatever its path (an unknown path too, so a 404 does not tell what
 * exists): without the credentials of a configured user, the answer is 401 with a challenge that
 * makes browsers ask for them.
 */
final class BasicAuthHandler implements Handler {
    static final String CHALLENGE = "Basic realm=\"ebpf-exporter\"";
    private static final String SCHEME = "basic ";

    private final BasicAuth auth;

    BasicAuthHandler(BasicAuth auth) {
        this.auth = auth;
    }

    @Override
    public void handle(Context ctx) {
        if (authorized(ctx.header(Header.AUTHORIZATION))) {
            return;
        }
        ctx.skipRemainingHandlers();
        ctx.status(HttpStatus.UNAUTHORIZED).header(Header.WWW_AUTHENTICATE, CHALLENGE)
                .contentType("text/plain; charset=utf-8").result("401 Unauthorized\n");
    }

    /** {@code Basic base64(user:password)} (RFC 7617), the user being everything before the first colon. */
    private boolean authorized(String header) {
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = credentials.indexOf(':');
        return colon >= 0 && auth.allows(credentials.substring(0, colon), credentials.substring(colon + 1));
    }
}
