package dev.elementkit.tongrds;

import dev.elementkit.cache.CacheType;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.TypeDescriptor;
import dev.elementkit.redis.engine.RedisEngine;
import dev.elementkit.redis.engine.RedisProtocolType;
import dev.elementkit.redis.engine.RedisSettings;
import org.pf4j.Extension;

/**
 * {@code caches.TongRDSType}: a cache on TongTech's TongRDS, reached on its Redis emulation port (single node,
 * sentinel or cluster). Stateless: connections live in the plugin's engine, shared by every element of equal
 * configuration.
 */
@Extension
public class TongRdsType extends RedisProtocolType<TongRdsConfig> {

    /** The Type's fullName. */
    public static final String FULL_NAME = "caches.TongRDSType";

    private static final TypeDescriptor DESCRIPTOR = CacheType.describe(FULL_NAME, "TongRDS Cache",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path fill=\"#1f6fd1\" "
                    + "d=\"M12 2 3 6v6c0 5 3.8 9.3 9 10 5.2-.7 9-5 9-10V6l-9-4zm-1 5h2v4h4v2h-4v4h-2v-4H7v-2h4V7z\"/>"
                    + "</svg>",
            "A shared cache on TongTech's TongRDS (Redis emulation port): for deployments standardised on TongRDS, "
                    + "in single-node, sentinel or cluster mode.");

    @Override
    public TypeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Class<TongRdsConfig> configClass() {
        return TongRdsConfig.class;
    }

    @Override
    protected RedisEngine engine() {
        return TongRdsPlugin.engine();
    }

    @Override
    protected RedisSettings settings(ElementContext context, TongRdsConfig config) {
        return config.toSettings(context);
    }
}
