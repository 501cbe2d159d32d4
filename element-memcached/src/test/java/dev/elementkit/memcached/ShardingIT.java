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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three servers: keys spread over all of them, and one server's crash fails only its own keys, at once. */
@Timeout(60)
class ShardingIT {

    private final List<MemcachedServer> servers = new ArrayList<>();
    private PluginHarness harness;
    private Cache cache;
    private final String appId = "shard-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            servers.add(MemcachedServer.start());
        }
        harness = PluginHarness.load(PluginUnderTest.ID);
        cache = harness.createCache(PluginUnderTest.TYPE, new ElementContext(appId, Path.of("."), "caches.Shards"),
                Map.of("servers", servers.stream().map(MemcachedServer::address).toList(), "timeout_ms", 2000));
    }

    @AfterEach
    void stop() throws Exception {
        Instances.close(cache);
        harness.close();
        for (MemcachedServer server : servers) {
            server.close();
        }
    }

    @Test
    void keysAreSpreadOverEveryServerAndListedFromAll() throws Exception {
        Map<String, Integer> owner = writeAndLocate(300);
        for (int i = 0; i < 3; i++) {
            int index = i;
            long held = owner.values().stream().filter(s -> s == index).count();
            assertTrue(held > 30, "server " + i + " holds " + held + " of 300 keys");
        }
        assertEquals(300, cache.keys("k*").size());
    }

    @Test
    void aKilledServerFailsItsOwnKeysAndTheOthersGoOn() throws Exception {
        Map<String, Integer> owner = writeAndLocate(60);
        servers.get(0).kill();
        String lostKey = keyOf(owner, 0);
        String keptKey = keyOf(owner, 1);
        CacheUnavailableException failure = assertThrows(CacheUnavailableException.class, () -> cache.get(lostKey));
        assertTrue(failure.getMessage().contains("Memcached"), failure.getMessage());
        assertEquals("v", cache.get(keptKey));
        assertTrue(cache.set(keptKey, "w"));
        assertEquals("w", cache.get(keptKey));
        String counter = keyOf(owner, 2);
        cache.setNumeric(counter, 1);
        assertEquals(6, cache.incr(counter, 5), "incr goes over the meta connection of the key's own server");
        assertFalse(cache.ping(), "ping is true only when every server answers");
    }

    /** Writes {@code count} keys and finds, by asking each server directly, which one holds each. */
    private Map<String, Integer> writeAndLocate(int count) throws Exception {
        Map<String, Integer> owner = new HashMap<>();
        for (int n = 0; n < count; n++) {
            cache.set("k" + n, "v");
        }
        for (int i = 0; i < servers.size(); i++) {
            String dump = servers.get(i).send("lru_crawler metadump all\r\n", "END\r\n");
            for (int n = 0; n < count; n++) {
                if (dump.contains("key=" + appId + "%3Ak" + n + " ")) {
                    owner.put("k" + n, i);
                }
            }
        }
        assertEquals(count, owner.size(), "every key is on exactly one server");
        return owner;
    }

    private static String keyOf(Map<String, Integer> owner, int server) {
        return owner.entrySet().stream().filter(e -> e.getValue() == server).findFirst().orElseThrow().getKey();
    }
}
