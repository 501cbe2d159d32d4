package dev.elementkit.devportal.service;

import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.CacheValueException;
import dev.elementkit.platform.app.ElementException;
import dev.elementkit.platform.app.ElementNotFoundException;
import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever a cache-service request ran into into a status and the seed's error body. Nothing becomes a 500:
 * a backend that cannot be reached is 503 with {@code Retry-After}, a misconfigured element 503, a call the
 * element's plugin does not implement 501, and anything unforeseen 503 with an error id the server log has.
 */
final class ServiceErrors {

    /** How long a client should wait before retrying an unreachable backend: about one reconnect attempt. */
    static final long UNAVAILABLE_RETRY_SECONDS = 5;
    /** A misconfigured element needs a person: retry much later. */
    static final long MISCONFIGURED_RETRY_SECONDS = 60;
    private static final Pattern URI_CREDENTIALS = Pattern.compile("(?<=://)[^/@\\s]*@");
    private static final Logger LOG = LoggerFactory.getLogger(ServiceErrors.class);

    private ServiceErrors() {
    }

    static void respond(Context ctx, ServiceException e) {
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        ctx.status(e.status()).contentType("application/json").result(ServiceJson.bytes(ServiceErrorBody.of(e)));
    }

    static ServiceException translate(Exception e, Context ctx) {
        String service = ctx.pathParamMap().getOrDefault("service", "");
        if (e instanceof ServiceException answer) {
            return answer;
        }
        CacheUnavailableException unavailable = unavailableCause(e);
        if (unavailable != null) {
            return ServiceException.retryLater(503, "the cache service '" + service + "' cannot reach its backend now: "
                    + clean(unavailable.getMessage()), UNAVAILABLE_RETRY_SECONDS);
        }
        if (e instanceof ElementNotFoundException) {
            return ServiceException.of(404, "there is no cache service '" + service + "' (any more): GET /api/v2"
                    + " lists the services");
        }
        if (e instanceof ElementException) {
            return ServiceException.retryLater(503, "the cache service '" + service + "' is misconfigured: "
                    + clean(e.getMessage()), MISCONFIGURED_RETRY_SECONDS);
        }
        if (e instanceof IllegalArgumentException || e instanceof CacheValueException) {
            return ServiceException.badRequest(null, clean(e.getMessage()));
        }
        if (e instanceof UnsupportedOperationException) {
            return ServiceException.of(501, "the cache service '" + service + "' cannot do this: its element's plugin "
                    + "does not implement it (" + clean(e.getMessage()) + "); update the plugin");
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("cache service request {} {} failed (error id {})", ctx.method(), RequestLog.route(ctx), id, e);
        return ServiceException.retryLater(503, "the cache service '" + service + "' failed unexpectedly (error id " + id
                + " in the server log); the request may not have been carried out", UNAVAILABLE_RETRY_SECONDS);
    }

    /**
     * The backend's own "unavailable", also when it happened while the element was being created (the runtime then
     * reports the element broken, but it is the server that is away, and it may come back by itself).
     */
    private static CacheUnavailableException unavailableCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CacheUnavailableException unavailable) {
                return unavailable;
            }
        }
        return null;
    }

    /**
     * Our elements' messages name hosts, files and fields and never a secret (the project's rule); as a second
     * line of defence, credentials inside a URI are cut out.
     */
    private static String clean(String message) {
        return message == null ? "" : URI_CREDENTIALS.matcher(message).replaceAll("***@");
    }
}
