package dev.elementkit.platform.shared;

/**
 * The 1.0.0 name of {@link dev.elementkit.cache.spi.SharedResources}, kept so that plugins built against 1.0.0 still
 * link: it lives in cache-elements' JAR now (platform-api keeps interfaces, records and annotations only) and
 * forwards every call. New code uses {@link dev.elementkit.cache.spi.SharedResources}.
 *
 * @param <K> the sharing key; equal keys share one resource
 * @param <R> the resource
 *
 * @since 1.0.0
 * @deprecated since 1.1.0, to be removed in 2.0.0: use {@link dev.elementkit.cache.spi.SharedResources}
 */
@Deprecated(since = "1.1.0", forRemoval = true)
public final class SharedResources<K, R extends AutoCloseable> implements AutoCloseable {

    /** Opens the resource for a key. */
    @FunctionalInterface
    public interface Opener<K, R> {
        R open(K key) throws Exception;
    }

    private final dev.elementkit.cache.spi.SharedResources<K, R> resources =
            new dev.elementkit.cache.spi.SharedResources<>();

    /** See {@link dev.elementkit.cache.spi.SharedResources#acquire}. */
    public Lease<R> acquire(K key, Opener<? super K, ? extends R> opener) throws Exception {
        return resources.acquire(key, opener::open);
    }

    /** How many distinct resources are open. */
    public int size() {
        return resources.size();
    }

    /** Closes every resource, leased or not; later acquisitions fail. */
    @Override
    public void close() {
        resources.close();
    }
}
