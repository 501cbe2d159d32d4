package dev.elementkit.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Memcached's item size limit (default 1 MiB, memcached -I) refuses a larger value with an error naming it. */
@Timeout(60)
class ItemSizeLimitIT {

    @Test
    void aValueOverTheLimitIsRefusedNamingTheLimitAndNothingIsStored() throws Exception {
        // The harness' close stops the plugin, which closes the cache's connections with it.
        try (MemcachedServer server = MemcachedServer.start();
             PluginHarness harness = PluginHarness.load(PluginUnderTest.ID)) {
            Cache cache = harness.createCache(PluginUnderTest.TYPE, new ElementContext("size", Path.of("."),
                    "caches.Small"), Map.of("servers", List.of(server.address())));
            String justUnder = "x".repeat(1_000_000);
            cache.set("fits", justUnder);
            assertEquals(justUnder, cache.get("fits"));
            CacheValueException e = assertThrows(CacheValueException.class,
                    () -> cache.set("too-big", "x".repeat(1 << 20)));
            assertTrue(e.getMessage().contains("1048576") && e.getMessage().contains("item_size_max"), e.getMessage());
            assertNull(cache.get("too-big"));
            cache.delete("fits");
        }
    }
}
