package dev.elementkit.redis;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cache contract against one Redis topology, through the plugin JAR the build made, loaded with PF4J. A
 * subclass starts its topology in a {@code @BeforeAll} (which runs after this class's) and says which configuration
 * reaches it.
 */
abstract class RedisPluginContractTest extends CacheContractTest {

    static PluginHarness harness;
    static Path appRoot;

    @BeforeAll
    static void loadPlugin() throws Exception {
        RedisServers.requireBinaries();
        harness = PluginHarness.load("element-redis");
        appRoot = Files.createTempDirectory("redis-app-");
    }

    @AfterAll
    static void unloadPlugin() {
        if (harness != null) {
            harness.close();
            harness = null;
        }
    }

    /** The element configuration ({@code <Name>.json} as a map) that reaches the topology under test. */
    protected abstract Map<String, Object> config();

    /**
     * The contract is about meaning, not latency: on a shared two-core machine running several builds (load
     * averages of 10 and more were seen) a 2500-key MSET or a cold TLS handshake can exceed the reference's 0.5 s,
     * so the contract runs with generous timeouts unless the topology sets its own. FaultToleranceIT keeps 0.5 s.
     */
    @Override
    protected Cache newCache(String appId) throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(config());
        config.putIfAbsent("socket_timeout", 5);
        config.putIfAbsent("socket_connect_timeout", 5);
        return harness.createCache(RedisType.FULL_NAME, new ElementContext(appId, appRoot, "caches.TestRedis"),
                config);
    }
}
