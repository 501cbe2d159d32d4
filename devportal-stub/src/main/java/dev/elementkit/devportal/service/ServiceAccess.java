package dev.elementkit.devportal.service;

import io.javalin.http.Context;

/**
 * Who may call the cache service: every request under {@code /api/v2} (but the OpenAPI document) carries an API
 * key, as DreamFactory's {@code X-DreamFactory-API-Key} (so its clients work unchanged), as {@code X-Api-Key}, or
 * as {@code Authorization: Bearer}. A missing or wrong key is 401; a key without the service or the method is
 * 403; a client that keeps sending wrong keys gets 429 for a while ({@link FailedKeyThrottle}).
 */
final class ServiceAccess {

    static final String DREAMFACTORY_HEADER = "X-DreamFactory-API-Key";
    static final String API_KEY_HEADER = "X-Api-Key";
    private static final String KEY_ATTRIBUTE = "elementkit.apiKey";
    private static final String HOW = "send an API key (devportal keys create) as the header X-DreamFactory-API-Key,"
            + " X-Api-Key or Authorization: Bearer";

    private final ApiKeys keys;
    private final FailedKeyThrottle throttle;

    ServiceAccess(ApiKeys keys, FailedKeyThrottle throttle) {
        this.keys = keys;
        this.throttle = throttle;
    }

    /** Before every route: the key is valid, or the request ends with 401 or 429. */
    void authenticate(Context ctx) {
        String presented = presented(ctx);
        if (presented == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"api\"");
            throw ServiceException.of(401, "no API key: " + HOW);
        }
        String client = ctx.ip();
        long wait = throttle.retryAfterSeconds(client);
        if (wait > 0) {
            throw ServiceException.retryLater(429, "too many wrong API keys from this client: try again in " + wait
                    + " s", wait);
        }
        ApiKeyInfo key = keys.verify(presented).orElse(null);
        if (key == null) {
            throttle.failed(client);
            ctx.header("WWW-Authenticate", "Bearer realm=\"api\", error=\"invalid_token\"");
            throw ServiceException.of(401, "the API key is not valid (mistyped, or revoked): " + HOW);
        }
        ctx.attribute(KEY_ATTRIBUTE, key);
    }

    /** In a route: the request's key may use {@code service} with the request's method, or 403. */
    ApiKeyInfo authorize(Context ctx, String service) {
        ApiKeyInfo key = key(ctx);
        if (!key.allowsService(service)) {
            throw ServiceException.of(403, "the API key '" + key.name() + "' may not use the service '" + service
                    + "': its services are " + key.services());
        }
        if (!key.allowsMethod(ctx.method().name())) {
            throw ServiceException.of(403, "the API key '" + key.name() + "' may not send " + ctx.method().name()
                    + ": its methods are " + key.methods());
        }
        return key;
    }

    /** The key {@link #authenticate} accepted for this request. */
    static ApiKeyInfo key(Context ctx) {
        ApiKeyInfo key = ctx.attribute(KEY_ATTRIBUTE);
        if (key == null) {
            throw new IllegalStateException("authenticate runs before every cache-service route");
        }
        return key;
    }

    /** The key's id for request logs (never the key), or "-". */
    static String keyIdOf(Context ctx) {
        ApiKeyInfo key = ctx.attribute(KEY_ATTRIBUTE);
        return key == null ? "-" : key.id();
    }

    private static String presented(Context ctx) {
        String value = ctx.header(DREAMFACTORY_HEADER);
        if (value == null) {
            value = ctx.header(API_KEY_HEADER);
        }
        if (value == null) {
            String authorization = ctx.header("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                value = authorization.substring(7);
            }
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
