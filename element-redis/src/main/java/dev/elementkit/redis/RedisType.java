package dev.elementkit.redis;

import dev.elementkit.cache.CacheType;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.TypeDescriptor;
import dev.elementkit.redis.engine.RedisEngine;
import dev.elementkit.redis.engine.RedisProtocolType;
import dev.elementkit.redis.engine.RedisSettings;
import dev.elementkit.redis.nearcache.NearCacheSettings;
import org.pf4j.Extension;

/**
 * {@code caches.RedisType}: a cache on Redis (standalone, TLS, ACL, Sentinel or Cluster). Stateless: the
 * connections live in the plugin's engine, shared by every element of equal configuration.
 */
@Extension
public class RedisType extends RedisProtocolType<RedisConfig> {

    /** The Type's fullName. */
    public static final String FULL_NAME = "caches.RedisType";

    private static final TypeDescriptor DESCRIPTOR = CacheType.describe(FULL_NAME, "Redis Cache",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path fill=\"#d82c20\" "
                    + "d=\"M12 3 2 7.5 12 12l10-4.5L12 3zm-10 8 10 4.5L22 11v2.5L12 18 2 13.5V11zm0 5 10 4.5 10-4.5"
                    + "v2.5L12 23 2 18.5V16z\"/></svg>",
            "A shared cache on Redis: several hosts see the same data. Scales from one server to Sentinel and Cluster.");

    @Override
    public TypeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Class<RedisConfig> configClass() {
        return RedisConfig.class;
    }

    @Override
    protected RedisEngine engine() {
        return RedisPlugin.engine();
    }

    @Override
    protected RedisSettings settings(ElementContext context, RedisConfig config) {
        return config.toSettings(context);
    }

    @Override
    protected NearCacheSettings nearCache(RedisConfig config) {
        return config.nearCacheSettings();
    }
}
