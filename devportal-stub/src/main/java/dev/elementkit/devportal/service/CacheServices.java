package dev.elementkit.devportal.service;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.platform.app.App;
import io.javalin.Javalin;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP face of every cache element of a host's app: DreamFactory's cache API under {@code /api/v2}, behind API
 * keys. {@link ApiServer} serves it alone ({@code devportal api}); the portal adds it beside its page
 * ({@code devportal serve}).
 */
public final class CacheServices {

    /** Largest request body by default: far above any sensible cache value, far below what hurts the server. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private CacheServices() {
    }

    /**
     * Adds the {@code /api/v2} routes over {@code host}'s app, their API-key check and their error answers to
     * {@code javalin} (before it starts).
     */
    public static void register(Javalin javalin, Host host, ApiKeys keys, long maxBodyBytes) {
        routes(host, keys, maxBodyBytes).register(javalin);
    }

    /** The app's services: service name → element fullName, by name. */
    public static Map<String, String> services(App app) {
        Map<String, String> services = new TreeMap<>();
        app.elements().stream().filter(e -> ServiceNames.isCacheElement(e.fullName()))
                .forEach(e -> services.put(ServiceNames.of(e.fullName()), e.fullName()));
        return services;
    }

    static CacheServiceRoutes routes(Host host, ApiKeys keys, long maxBodyBytes) {
        return new CacheServiceRoutes(host.app(), new ServiceDirectory(host.app(), System::nanoTime),
                new ServiceAccess(keys, FailedKeyThrottle.standard()), maxBodyBytes);
    }
}
