package dev.elementkit.memcached;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheElements;
import dev.elementkit.cache.CacheType;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.TypeDescriptor;
import java.io.IOException;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * {@code caches.MemcachedType}: a cache on one or more Memcached servers, keys spread by consistent hashing.
 * Stateless: clients live in {@link MemcachedBackends}, shared by elements configured alike.
 */
@Extension
public final class MemcachedCacheType implements CacheType<MemcachedConfig> {

    static final String FULL_NAME = "caches.MemcachedType";

    private static final String ICON = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"24\" "
            + "height=\"24\" fill=\"none\" stroke=\"#2E7D32\" stroke-width=\"1.6\" stroke-linecap=\"round\">"
            + "<rect x=\"3\" y=\"4\" width=\"18\" height=\"6\" rx=\"1.5\"/>"
            + "<rect x=\"3\" y=\"14\" width=\"18\" height=\"6\" rx=\"1.5\"/>"
            + "<path d=\"M7 7h.01M7 17h.01M11 7h6M11 17h6\"/></svg>";

    private static final TypeDescriptor DESCRIPTOR = CacheType.describe(FULL_NAME, "Memcached Cache", ICON,
            "A cache on Memcached servers: high-volume simple caching with the most memory efficiency. Listing "
                    + "keys walks every server (lru_crawler metadump): fine for tools, not for hot paths.");

    @Override
    public TypeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Class<MemcachedConfig> configClass() {
        return MemcachedConfig.class;
    }

    /**
     * Connects now. Servers that refuse the credentials fail creation (the configuration is wrong); servers none of
     * which answers now leave the element unavailable instead: every call tries again, so it heals by itself once a
     * server is back, as the other backends do.
     */
    @Override
    public Cache create(ElementContext context, MemcachedConfig config) throws Exception {
        MemcachedTarget target = MemcachedTarget.of(config);
        return CacheElements.newCache(context, CacheElements.unavailableWhen(
                e -> e instanceof IOException && !(e instanceof MetaConnection.AuthenticationException),
                "Memcached " + target.where() + " cannot be reached now", () -> MemcachedBackends.acquire(target)));
    }

    @Override
    public ConnectionTestResult testConnection(ElementContext context, MemcachedConfig config, Duration timeout) {
        return new MemcachedConnectionTest(MemcachedTarget.of(config), timeout).run();
    }
}
