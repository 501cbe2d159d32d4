package dev.elementkit.redis;

import dev.elementkit.redis.engine.EngineOptions;
import dev.elementkit.redis.engine.PluginEngine;
import dev.elementkit.redis.engine.RedisEngine;
import org.pf4j.Plugin;

/**
 * The element-redis plugin. Owns the one {@link RedisEngine} of {@code caches.RedisType}: started with the plugin,
 * and closed in {@link #stop()}, which closes every Redis connection and waits for Lettuce's threads to end so that
 * the unloaded plugin leaves nothing running.
 */
public class RedisPlugin extends Plugin {

    private static final PluginEngine ENGINE = new PluginEngine("element-redis");

    @Override
    public void start() {
        ENGINE.start(EngineOptions.redis());
    }

    @Override
    public void stop() {
        ENGINE.stop();
    }

    /**
     * The running engine.
     *
     * @throws IllegalStateException when the plugin is not started
     */
    static RedisEngine engine() {
        return ENGINE.get();
    }
}
