package dev.elementkit.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** No server answers when the element is made: it is unavailable, not broken, and heals once one comes up. */
@Timeout(60)
class UnreachableAtCreationIT {

    @Test
    void anElementMadeWhileItsServerIsDownIsHandedOutAndHealsOnceTheServerAnswers() throws Exception {
        int port = MemcachedServer.freePort();
        try (PluginHarness harness = PluginHarness.load(PluginUnderTest.ID)) {
            Cache cache = harness.createCache(PluginUnderTest.TYPE,
                    new ElementContext("down-at-creation", Path.of("."), "caches.Later"),
                    Map.of("servers", List.of("127.0.0.1:" + port), "connect_timeout_ms", 300));
            try {
                assertTrue(cache.unavailability().isPresent(), "listed unavailable, with the reason");
                CacheUnavailableException down = assertThrows(CacheUnavailableException.class, () -> cache.get("k"));
                assertFalse(down.mayHaveBeenApplied(), down.getMessage());
                assertTrue(down.getMessage().contains(String.valueOf(port)), down.getMessage());
                try (MemcachedServer server = MemcachedServer.startOn(port)) {
                    assertTrue(cache.set("k", "v"), "the same instance works once the server answers");
                    assertEquals("v", cache.get("k"));
                    assertTrue(cache.unavailability().isEmpty());
                }
            } finally {
                Instances.close(cache);
            }
        }
    }
}
