package dev.elementkit.cache;

import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.shared.Lease;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Entry point for cache plugins: wraps a backend into the {@link Cache} scripts use.
 *
 * @since 1.0.0
 */
public final class CacheElements {

    /** Opens (or joins) the backend connection for one element; called again after {@code disconnect()}. */
    @FunctionalInterface
    public interface BackendOpener {
        Lease<? extends CacheBackend> open() throws Exception;
    }

    private CacheElements() {
    }

    /**
     * {@code opener}, with the failures {@code unreachableNow} accepts reported as the backend being unreachable for
     * now ({@link CacheUnavailableException}, not sent) rather than as a wrong configuration: a cache made with it is
     * handed out {@linkplain dev.elementkit.platform.element.Element#unavailability() unavailable} and heals by itself
     * (the element is listed UNAVAILABLE, not BROKEN). Any other failure (a refused login, a folder where the file
     * should be) still fails creation. The one place every plugin draws that line:
     * <pre>{@code
     * return CacheElements.newCache(context, CacheElements.unavailableWhen(IOException.class::isInstance,
     *         "Memcached " + where + " cannot be reached now", () -> MyBackends.acquire(target)));
     * }</pre>
     *
     * @param unreachableNow true for a failure that says the backend is down or unreachable, not misconfigured
     * @param problem        the start of the message, naming the backend: {@code "X cannot be reached now"}; the
     *                       failure's own message and "the next call tries again" follow
     * @since 1.1.0
     */
    public static BackendOpener unavailableWhen(Predicate<? super Exception> unreachableNow, String problem,
                                                BackendOpener opener) {
        Objects.requireNonNull(unreachableNow, "unreachableNow");
        Objects.requireNonNull(opener, "opener");
        return () -> {
            try {
                return opener.open();
            } catch (CacheUnavailableException e) {
                throw e;
            } catch (Exception e) {
                if (!unreachableNow.test(e)) {
                    throw e;
                }
                throw CacheUnavailableException.notSent(problem + ": " + e.getMessage() + "; the next call tries again",
                        e);
            }
        };
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

    /**
     * A ready cache on {@code backend}, for a plugin with nothing to share or reconnect: an in-process store, or a
     * backend whose client manages its own connections. The cache never closes {@code backend}, not on
     * {@code disconnect()} (data survives it) and not on the host's close: the store belongs to the plugin, which
     * releases it in {@code Plugin.stop()} if it holds anything. Backends with connections to lease between
     * elements use {@link #newCache(ElementContext, BackendOpener)} with a
     * {@link dev.elementkit.cache.spi.SharedResources}.
     *
     * @since 1.1.0
     */
    public static Cache newCache(ElementContext context, CacheBackend backend) throws Exception {
        Objects.requireNonNull(backend, "backend");
        return newCache(context, () -> new Lease<CacheBackend>() {
            @Override
            public CacheBackend get() {
                return backend;
            }

            @Override
            public void close() {
                // The plugin owns the backend; an element only borrows it.
            }
        });
    }
}
