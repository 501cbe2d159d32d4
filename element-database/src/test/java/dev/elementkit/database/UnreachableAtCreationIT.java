package dev.elementkit.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A database that does not answer when the element is made leaves it unavailable, not broken: the host hands it
 * out, its calls fail as "not applied" and each tries to connect again (the healing itself is PrefixedCache's, the
 * same for every backend).
 */
@Timeout(60)
class UnreachableAtCreationIT {

    @Test
    void anElementWhoseDatabaseIsDownIsHandedOutUnavailable() throws Exception {
        for (TestDatabase database : TestDatabase.values()) {
            Map<String, Object> config = database.config(TestDatabase.newTable());
            config.put("port", freePort());
            try (PluginHarness harness = PluginHarness.load(PluginUnderTest.ID)) {
                Cache cache = harness.createCache(PluginUnderTest.TYPE,
                        new ElementContext("down-at-creation", Path.of("."), "caches.Later"), config);
                try {
                    assertTrue(cache.unavailability().isPresent(), database + ": listed unavailable, with the reason");
                    CacheUnavailableException down = assertThrows(CacheUnavailableException.class,
                            () -> cache.set("k", "v"), database.toString());
                    assertFalse(down.mayHaveBeenApplied(), down.getMessage());
                    assertTrue(down.getMessage().contains("cannot be reached"), down.getMessage());
                } finally {
                    Instances.close(cache);
                }
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
