package dev.elementkit.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.cache.tck.PluginThreads;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Unloading the plugin leaves no thread of it behind (Netty's event loop, Folsom's reconnecter), else its classes stay. */
@Timeout(60)
class PluginLifecycleIT {

    @Test
    void unloadingThePluginStopsEveryThreadItStarted_evenAfterALostConnection() throws Exception {
        try (MemcachedServer server = MemcachedServer.start(); MemcachedServer doomed = MemcachedServer.start()) {
            PluginHarness harness = PluginHarness.load(PluginUnderTest.ID);
            ClassLoader pluginLoader = harness.manager().getPlugin(PluginUnderTest.ID).getPluginClassLoader();
            Cache cache = harness.createCache(PluginUnderTest.TYPE, new ElementContext("life", Path.of("."),
                    "caches.Life"), Map.of("servers", List.of(server.address(), doomed.address())));
            cache.set("k", "v");
            cache.keys();
            doomed.kill(); // Folsom starts its reconnect thread for the lost connection
            Instances.close(cache);
            harness.close();
            assertEquals(List.of(), PluginThreads.leftBehind(pluginLoader, Duration.ofSeconds(10), "folsom",
                    "elementkit-memcached"), "threads of the unloaded plugin");
        }
    }
}
