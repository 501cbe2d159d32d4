package dev.elementkit.tongrds;

import dev.elementkit.redis.engine.EngineOptions;
import dev.elementkit.redis.engine.PluginEngine;
import dev.elementkit.redis.engine.RedisEngine;
import io.lettuce.core.protocol.ProtocolVersion;
import org.pf4j.Plugin;
import org.pf4j.PluginRuntimeException;

/**
 * The element-tongrds plugin. It brings no Redis code of its own: the engine, Lettuce and Netty are the
 * element-redis plugin's, which PF4J loads first (a declared plugin dependency) and consults for every class this
 * plugin does not hold. The plugin owns one {@link RedisEngine} started with TongRDS' options, and closes it in
 * {@link #stop()}, which closes its connections and ends its Netty threads.
 */
public class TongRdsPlugin extends Plugin {

    private static final PluginEngine ENGINE = new PluginEngine("element-tongrds");

    /**
     * How TongRDS is spoken to: RESP2 always, so that {@code HELLO} is never sent to a Redis 3.2-era server; and
     * {@code KEYS} on the app's prefix where {@code SCAN} is missing, as the vendor's own tests contradict its
     * command list on {@code SCAN}.
     */
    static EngineOptions options() {
        return new EngineOptions("TongRDS", ProtocolVersion.RESP2, true, new TongRdsFlavour());
    }

    @Override
    public void start() {
        try {
            ENGINE.start(options());
        } catch (LinkageError e) {
            // Only reachable when the plugin is loaded without PF4J's dependency check (a host that ignores
            // Plugin-Dependencies): say what is missing instead of a bare NoClassDefFoundError.
            throw new PluginRuntimeException(e, "element-tongrds needs the element-redis plugin, whose Redis engine "
                    + "it uses: put element-redis-*.jar into the same plugins folder ({})", e.toString());
        }
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
