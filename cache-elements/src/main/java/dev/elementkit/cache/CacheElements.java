package dev.elementkit.cache;

import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.shared.Lease;

/** Entry point for cache plugins: wraps a backend into the {@link Cache} scripts use. */
public final class CacheElements {

    /** Opens (or joins) the backend connection for one element; called again after {@code disconnect()}. */
    @FunctionalInterface
    public interface BackendOpener {
        Lease<? extends CacheBackend> open() throws Exception;
    }

    private CacheElements() {
    }

    /**
     * A ready cache for the element in {@code context}: opens the backend once now, so that a configuration that
     * cannot work fails at creation, and again after each {@code disconnect()}. A backend that is only unreachable
     * now ({@link CacheUnavailableException}) does not fail creation: the cache is returned
     * {@linkplain dev.elementkit.platform.element.Element#unavailability() unavailable}, its calls raise
     * {@code CacheUnavailableException} and each tries to open the backend again, so the element heals on its own.
     *
     * @throws Exception what the opener threw, except {@link CacheUnavailableException}
     */
    public static Cache newCache(ElementContext context, BackendOpener opener) throws Exception {
        PrefixedCache cache = new PrefixedCache(context.fullName(), context.appId(), opener);
        cache.connectNow();
        return cache;
    }
}
