package dev.elementkit.redis;

import dev.elementkit.redis.engine.EngineOptions;
import dev.elementkit.redis.engine.RedisEngine;
import org.pf4j.Plugin;

/**
 * The element-redis plugin. Owns the one {@link RedisEngine} of {@code caches.RedisType}: started with the plugin,
 * and closed in {@link #stop()}, which closes every Redis connection and waits for Lettuce's threads to end so that
 * the unloaded plugin leaves nothing running.
 */
public class RedisPlugin extends Plugin {

    private static volatile RedisEngine engine;

    @Override
    public void start() {
        synchronized (RedisPlugin.class) {
            if (engine == null) {
                engine = RedisEngine.start(EngineOptions.redis());
            }
        }
    }

    @Override
    public void stop() {
        RedisEngine running;
        synchronized (RedisPlugin.class) {
            running = engine;
            engine = null;
        }
        if (running != null) {
            running.close();
        }
    }

    /**
     * The running engine.
     *
     * @throws IllegalStateException when the plugin is not started
     */
    static RedisEngine engine() {
        RedisEngine running = engine;
        if (running == null) {
            throw new IllegalStateException("the element-redis plugin is not started");
        }
        return running;
    }
}
