package dev.elementkit.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.cache.tck.PluginThreads;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Unloading the plugin leaves no thread of it behind (HikariCP's housekeeper, the sweeper), else its classes stay. */
@Timeout(60)
class PluginLifecycleIT {

    @Test
    void unloadingThePluginStopsEveryThreadItStarted() throws Exception {
        String table = TestDatabase.newTable();
        try {
            PluginHarness harness = PluginHarness.load(PluginUnderTest.ID);
            ClassLoader pluginLoader = harness.manager().getPlugin(PluginUnderTest.ID).getPluginClassLoader();
            for (TestDatabase database : TestDatabase.values()) {
                Map<String, Object> config = database.config(table);
                Cache cache = harness.createCache(PluginUnderTest.TYPE, new ElementContext("life", Path.of("."),
                        "caches.Life"), config);
                cache.set("k", "v", 60);
                cache.keys();
            }
            harness.close(); // stops the plugin with its caches still open: stop() must close them
            assertEquals(List.of(), PluginThreads.leftBehind(pluginLoader, Duration.ofSeconds(10), "Hikari",
                    "elementkit-database"), "threads of the unloaded plugin");
        } finally {
            for (TestDatabase database : TestDatabase.values()) {
                database.dropTable(table);
            }
        }
    }
}
