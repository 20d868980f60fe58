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
 * makes browsers ask for them; when bcrypt is busy with other requests' passwords, 429 at once
 * (see {@link BasicAuth}). Both close the connection, so that a client trying passwords in a loop
 * gives its connection slot back to the accept queue each time, where a scraper waits its turn.
 */
final class BasicAuthHandler implements Handler {
    static final String CHALLENGE = "Basic realm=\"ebpf-exporter\"";
    private static final String SCHEME = "basic ";
    /** Seconds a client refused with 429 is asked to wait: one bcrypt check takes well under that. */
    private static final String RETRY_AFTER = "1";

    private final BasicAuth auth;

    BasicAuthHandler(BasicAuth auth) {
        this.auth = auth;
    }

    @Override
    public void handle(Context ctx) {
        BasicAuth.Outcome outcome = check(ctx.header(Header.AUTHORIZATION));
        if (outcome == BasicAuth.Outcome.ALLOWED) {
            return;
        }
        ctx.skipRemainingHandlers();
        ctx.header(Header.CONNECTION, "close").contentType("text/plain; charset=utf-8");
        if (outcome == BasicAuth.Outcome.BUSY) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).header(Header.RETRY_AFTER, RETRY_AFTER)
                    .result("429 Too Many Requests: too many password checks at once, retry shortly\n");
        } else {
            ctx.status(HttpStatus.UNAUTHORIZED).header(Header.WWW_AUTHENTICATE, CHALLENGE).result("401 Unauthorized\n");
        }
    }

    /** {@code Basic base64(user:password)} (RFC 7617), the user being everything before the first colon. */
    private BasicAuth.Outcome check(String header) {
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return BasicAuth.Outcome.DENIED;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return BasicAuth.Outcome.DENIED;
        }
        int colon = credentials.indexOf(':');
        return colon < 0 ? BasicAuth.Outcome.DENIED
                : auth.check(credentials.substring(0, colon), credentials.substring(colon + 1));
    }
}
