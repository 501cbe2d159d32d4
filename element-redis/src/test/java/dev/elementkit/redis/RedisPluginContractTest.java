package dev.elementkit.redis;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
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
     * Standalone servers without TLS (plain, password, ACL): keys with no app prefix at all, written by a Lettuce
     * client of the test's own into the element's database, as another program would. Other topologies keep the
     * contract's neighbour-app keys.
     */
    @Override
    protected OutsideKeys outsideKeys() throws Exception {
        Map<String, Object> config = config();
        if (config.containsKey("mode") || config.containsKey("ssl")) {
            return super.outsideKeys();
        }
        RedisURI.Builder uri = RedisURI.Builder.redis((String) config.get("host"), (Integer) config.get("port"))
                .withDatabase((Integer) config.getOrDefault("db", RedisConfig.DEFAULT_DB));
        if (config.containsKey("username")) {
            uri.withAuthentication((String) config.get("username"), (String) config.get("password"));
        } else if (config.containsKey("password")) {
            uri.withPassword(((String) config.get("password")).toCharArray());
        }
        return new OutsideKeys() {
            @Override
            public void set(String key, String value) {
                onServer(commands -> commands.set(key, value));
            }

            @Override
            public String get(String key) {
                return onServer(commands -> commands.get(key));
            }

            @Override
            public void delete(String key) {
                onServer(commands -> commands.del(key));
            }

            private <T> T onServer(java.util.function.Function<RedisCommands<String, String>, T> call) {
                RedisClient client = RedisClient.create(uri.build());
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    return call.apply(connection.sync());
                } finally {
                    client.shutdown();
                }
            }
        };
    }

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
