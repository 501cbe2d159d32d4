package dev.elementkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisSentinels;
import dev.elementkit.redis.testing.RedisServers;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** In sentinel mode the element follows a failover by itself: the master dies, the replica is promoted. */
@Timeout(120)
class SentinelFailoverIT {

    @Test
    void theElementWritesToThePromotedReplicaAfterTheMasterDies() throws Exception {
        RedisServers.requireBinaries();
        String password = "pw-" + System.nanoTime();
        try (PluginHarness harness = PluginHarness.load("element-redis");
             RedisSentinels sentinels = RedisServers.sentinelWithReplicas("failmaster", password, null, 1)) {
            Cache cache = harness.createCache(RedisType.FULL_NAME,
                    new ElementContext("failover-" + System.nanoTime(), Files.createTempDirectory("failover"),
                            "caches.Failover"),
                    Map.of("mode", "sentinel", "nodes", List.of(sentinels.sentinel().address()),
                            "master_name", "failmaster", "password", password, "socket_timeout", 1));
            cache.set("before", "written to the first master");
            long replicated = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!sentinels.replicas().get(0).cli("-n", "1", "KEYS", "*before").contains("before")
                    && System.nanoTime() < replicated) {
                Thread.sleep(50);
            }

            sentinels.master().kill();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean written = false;
            while (!written && System.nanoTime() < deadline) {
                try {
                    cache.set("after", "written to the promoted replica");
                    written = true;
                } catch (CacheUnavailableException stillFailingOver) {
                    Thread.sleep(200);
                }
            }
            assertTrue(written, "no write succeeded within 60 s of the master's death; sentinel log: "
                    + sentinels.sentinel().log());
            assertEquals("written to the first master", cache.get("before"));
            assertTrue(sentinels.sentinel().cli("SENTINEL", "get-master-addr-by-name", "failmaster")
                    .contains(String.valueOf(sentinels.replicas().get(0).port())), "the replica was not promoted");
            cache.close();
        }
    }
}
