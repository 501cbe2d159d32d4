package dev.elementkit.cache;

import dev.elementkit.platform.element.Element;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.ElementType;
import dev.elementkit.platform.element.TypeDescriptor;

/**
 * An element Type of the {@code caches.Meta} family. Its instances are {@link Cache}s, made by
 * {@link CacheElements#newCache}: with a plain backend for a store with nothing to share (the plugin keeps the store,
 * so data survives {@code disconnect()} and the instance), or with an opener leasing a connection from a
 * {@link dev.elementkit.cache.spi.SharedResources} (connections only, closed with their last lease). The rules every
 * Type follows (stateless, the host owns and closes instances, instances of one app share data) are
 * {@link ElementType}'s.
 *
 * @param <C> the configuration record
 *
 * @since 1.0.0
 */
public interface CacheType<C extends Record> extends ElementType<C> {

    /** The family every cache Type belongs to. */
    String META = "caches.Meta";

    /** Where the portal offers cache Types: {@code + → More → Cache Storage}. */
    String CATEGORY = "Cache Storage";

    /** A descriptor in the cache family. */
    static TypeDescriptor describe(String fullName, String title, String icon, String description) {
        return new TypeDescriptor(fullName, META, title, CATEGORY, icon, description);
    }

    @Override
    default Class<? extends Element> instanceInterface() {
        return Cache.class;
    }

    @Override
    Cache create(ElementContext context, C config) throws Exception;

    /**
     * Closes a cache {@link #create} returned: gives its backend lease back ({@code CacheElements.newCache} made it)
     * and refuses later calls. The host calls this once per instance; stored data stays.
     *
     * @since 1.1.0
     */
    @Override
    default void closeInstance(Element instance) throws Exception {
        if (instance instanceof PrefixedCache cache) {
            cache.close();
        } else {
            ElementType.super.closeInstance(instance);
        }
    }
}
