package dev.elementkit.tongrds;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cache contract for {@code caches.TongRDSType} with both plugins loaded from their built JARs. A subclass
 * starts its deployment with a {@link dev.elementkit.redis.testing.RedisFixture} and says how the element reaches it.
 */
abstract class TongRdsPluginContractTest extends CacheContractTest {

    static PluginHarness plugins;
    static Path appRoot;

    @BeforeAll
    static void loadPlugins() throws Exception {
        plugins = PluginHarness.load("element-redis", "element-tongrds");
        appRoot = Files.createTempDirectory("tongrds-tck-");
    }

    @AfterAll
    static void unloadPlugins() {
        if (plugins != null) {
            plugins.close();
            plugins = null;
        }
    }

    /** The element configuration ({@code <Name>.json} as a map) that reaches the deployment under test. */
    protected abstract Map<String, Object> config();

    @Override
    protected Cache newCache(String appId) throws Exception {
        return plugins.createCache(TongRdsType.FULL_NAME, new ElementContext(appId, appRoot, "caches.TongRDS"),
                config());
    }
}
