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

    static void log(Context ctx, float millis) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = "(no route)";
        }
        LOG.info("{} {} service={} status={} {} ms client={} key={}", ctx.method(), route,
                ctx.pathParamMap().getOrDefault("service", "-"), ctx.statusCode(), String.format("%.1f", millis),
                ctx.ip(), ServiceAccess.keyIdOf(ctx));
    }
}
