package dev.elementkit.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Unloading the plugin leaves no thread of it behind (Netty's event loop, Folsom's timers), else its classes stay. */
@Timeout(60)
class PluginLifecycleIT {

    @Test
    void unloadingThePluginStopsEveryThreadItStarted() throws Exception {
        try (MemcachedServer server = MemcachedServer.start()) {
            PluginHarness harness = PluginHarness.load(PluginUnderTest.ID);
            ClassLoader pluginLoader = harness.manager().getPlugin(PluginUnderTest.ID).getPluginClassLoader();
            Cache cache = harness.createCache(PluginUnderTest.TYPE, new ElementContext("life", Path.of("."),
                    "caches.Life"), Map.of("servers", List.of(server.address())));
            cache.set("k", "v");
            cache.keys();
            cache.close();
            harness.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> left = pluginThreads(pluginLoader);
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                left = pluginThreads(pluginLoader);
            }
            assertEquals(List.of(), left, "threads of the unloaded plugin");
        }
    }

    private static List<String> pluginThreads(ClassLoader pluginLoader) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getContextClassLoader() == pluginLoader
                        || t.getClass().getClassLoader() == pluginLoader
                        || t.getName().contains("folsom") || t.getName().contains("elementkit-memcached"))
                .map(Thread::getName)
                .toList();
    }
}
