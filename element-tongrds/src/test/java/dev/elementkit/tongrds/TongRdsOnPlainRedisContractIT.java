package dev.elementkit.tongrds;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cache contract for {@code caches.TongRDSType} against a plain Redis, without a TongRDS front: an element
 * configured as TongRDS keeps working when it meets another Redis-protocol server (the connection test only warns).
 */
class TongRdsOnPlainRedisContractIT extends CacheContractTest {

    private static RedisServer redis;
    private static PluginHarness plugins;
    private static Path appRoot;

    @BeforeAll
    static void start() throws Exception {
        RedisServers.requireBinaries();
        redis = RedisServers.standalone();
        plugins = PluginHarness.load("element-redis", "element-tongrds");
        appRoot = Files.createTempDirectory("tongrds-plain-");
    }

    @AfterAll
    static void stop() {
        if (plugins != null) {
            plugins.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected Cache newCache(String appId) throws Exception {
        return plugins.createCache(TongRdsType.FULL_NAME, new ElementContext(appId, appRoot, "caches.TongRDS"),
                Map.of("host", redis.host(), "port", redis.port(),
                        "socket_timeout", TongRdsDeployments.TIMEOUT_SECONDS,
                        "socket_connect_timeout", TongRdsDeployments.TIMEOUT_SECONDS));
    }
}
