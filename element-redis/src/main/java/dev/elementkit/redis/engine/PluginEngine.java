package dev.elementkit.redis.engine;

import java.util.Objects;

/**
 * The one {@link RedisEngine} a plugin owns, from its {@code start()} to its {@code stop()}. A plugin keeps one of
 * these in a static field, because PF4J may create its Type extension more than once while the engine (threads,
 * connections) must exist once per plugin.
 *
 * <p>Thread-safe. {@link #stop()} closes every connection and waits for Lettuce's threads, so that an unloaded plugin
 * leaves nothing running.
 */
public final class PluginEngine {

    private final String pluginId;
    private volatile RedisEngine engine;

    /** @param pluginId named in the error when the engine is asked for while the plugin is not started */
    public PluginEngine(String pluginId) {
        this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
    }

    /** Starts the engine with {@code options}, unless it runs already. */
    public synchronized void start(EngineOptions options) {
        if (engine == null) {
            engine = RedisEngine.start(options);
        }
    }

    /** Closes the engine, if it runs; calling it twice is harmless. */
    public void stop() {
        RedisEngine running;
        synchronized (this) {
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
     * @throws IllegalStateException naming the plugin, when it is not started
     */
    public RedisEngine get() {
        RedisEngine running = engine;
        if (running == null) {
            throw new IllegalStateException("the " + pluginId + " plugin is not started");
        }
        return running;
    }
}
