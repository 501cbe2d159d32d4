package dev.elementkit.redis.engine;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheElements;
import dev.elementkit.cache.CacheType;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.nearcache.NearCacheSettings;
import java.time.Duration;

/**
 * A cache Type on a server that speaks the Redis protocol: creating an element and testing a configuration both go
 * through the plugin's engine with the settings the configuration maps to. A subclass says only what differs: its
 * descriptor, its configuration record, how that maps to {@link RedisSettings}, and which engine it uses.
 *
 * <p>Stateless, as PF4J extensions must be: connections live in the engine.
 *
 * @param <C> the configuration record
 */
public abstract class RedisProtocolType<C extends Record> implements CacheType<C> {

    /** The engine of the plugin giving this Type. */
    protected abstract RedisEngine engine();

    /** The engine settings a valid configuration maps to, with paths resolved against the app folder. */
    protected abstract RedisSettings settings(ElementContext context, C config);

    /**
     * The near cache a valid configuration asks for, or null for none (the default: a Type whose servers cannot
     * track keys never offers one).
     */
    protected NearCacheSettings nearCache(C config) {
        return null;
    }

    @Override
    public final Cache create(ElementContext context, C config) throws Exception {
        RedisSettings settings = settings(context, config);
        NearCacheSettings nearCache = nearCache(config);
        RedisEngine engine = engine();
        return CacheElements.newCache(context, () -> engine.open(settings, nearCache));
    }

    @Override
    public final ConnectionTestResult testConnection(ElementContext context, C config, Duration timeout) {
        return engine().test(settings(context, config), nearCache(config) != null, timeout);
    }
}
