package dev.elementkit.devportal.web;

import io.javalin.http.Context;
import java.time.Duration;

/** How long a connection test may take: {@code ?timeoutMs=} within bounds, 10 s by default. */
final class TestTimeouts {

    static final Duration DEFAULT = Duration.ofSeconds(10);
    private static final long MIN_MS = 100;
    private static final long MAX_MS = 60_000;

    private TestTimeouts() {
    }

    static Duration of(Context ctx) {
        String given = ctx.queryParam("timeoutMs");
        if (given == null) {
            return DEFAULT;
        }
        try {
            long millis = Long.parseLong(given);
            if (millis >= MIN_MS && millis <= MAX_MS) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest("timeoutMs", "must be a whole number of milliseconds from " + MIN_MS + " to " + MAX_MS);
    }
}
