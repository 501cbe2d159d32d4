package dev.elementkit.devportal.service;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request of {@code devportal api}: method, route pattern ({@code /api/v2/{service}/<key>}, never
 * the key itself), service, status, time, client address and API key id. Cache keys name users
 * ({@code user:123:profile}), values are data and API keys are secrets: none of them is written.
 */
final class RequestLog {

    /** The logger's name, so that operators can turn it on or off alone. */
    static final String LOGGER = "devportal.requests";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private RequestLog() {
    }

    /**
     * The route pattern the request matched ({@code /api/v2/{service}/<key>}), never its path, which holds the cache
     * key; {@code (no route)} when it ended before matching one (a refused key, an unknown path).
     */
    static String route(Context ctx) {
        try {
            return ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            return "(no route)";
        }
    }

    static void log(Context ctx, float millis) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("{} {} service={} status={} {} ms client={} key={}", ctx.method(), route(ctx),
                ctx.pathParamMap().getOrDefault("service", "-"), ctx.statusCode(), String.format("%.1f", millis),
                ctx.ip(), ServiceAccess.keyIdOf(ctx));
    }
}
