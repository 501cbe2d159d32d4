package dev.elementkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.spi.BackendGauges;
import dev.elementkit.cache.tck.FaultRounds;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisSentinels;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The near cache stays coherent with the server: another client's write is seen, and after a server restart or a
 * sentinel failover not one read returns what the near cache held before. Through the plugin JAR, on redis-servers
 * of the test's own.
 */
@Timeout(180)
class NearCacheCoherenceIT {

    private static PluginHarness harness;

    @BeforeAll
    static void load() {
        RedisServers.requireBinaries();
        harness = PluginHarness.load("element-redis");
    }

    @AfterAll
    static void unload() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Cache nearCached(String appId, Map<String, Object> config) throws Exception {
        Map<String, Object> withNearCache = new HashMap<>(config);
        withNearCache.put("near_cache", true);
        return harness.createCache(RedisType.FULL_NAME,
                new ElementContext(appId, Files.createTempDirectory("near-cache"), "caches.Near"), withNearCache);
    }

    private static Map<String, Double> gauges(Cache cache) {
        return ((BackendGauges) cache).gauges();
    }

    /** Polls until {@code condition} holds; fails naming {@code what} when it has not within {@code within}. */
    private static void await(String what, BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + within.toMillis() + " ms");
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aWriteByAnotherClientIsSeenAndRepeatedReadsAreServedLocally() throws Exception {
        String appId = "near-" + System.nanoTime();
        try (RedisServer server = RedisServers.standalone()) {
            Cache cache = nearCached(appId, Map.of("host", server.host(), "port", server.port()));
            cache.set("k", "v1");
            for (int i = 0; i < 10; i++) {
                assertEquals("v1", cache.get("k"));
            }
            Map<String, Double> gauges = gauges(cache);
            assertEquals(1.0, gauges.get("nearcache.size"), gauges::toString);
            assertTrue(gauges.get("nearcache.hit.ratio") >= 0.8, gauges::toString);
            assertEquals(1.0, gauges.get("redis.connected"), gauges::toString);
            assertTrue(gauges.get("redis.used.memory.bytes") > 0, gauges::toString);

            server.cli("-n", "1", "SET", appId + ":k", "v2");
            await("reading another client's write", () -> "v2".equals(cache.get("k")), Duration.ofSeconds(5));
            server.cli("-n", "1", "DEL", appId + ":k");
            await("reading another client's delete", () -> cache.get("k") == null, Duration.ofSeconds(5));
            Instances.close(cache);
        }
    }

    /**
     * The install race: another client increments a counter while element threads read it. A reply overtaken by its
     * key's invalidation must not be installed, or a thread would read an older value after a newer one.
     */
    @Test
    void readsNeverGoBackInTimeWhileAnotherClientWrites() throws Exception {
        String appId = "near-race-" + System.nanoTime();
        try (RedisServer server = RedisServers.standalone()) {
            Cache cache = nearCached(appId, Map.of("host", server.host(), "port", server.port(),
                    "socket_timeout", 2));
            cache.setNumeric("n", 0);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<String> wentBack = new CopyOnWriteArrayList<>();
            ExecutorService readers = Executors.newFixedThreadPool(2);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                running.add(readers.submit(() -> {
                    long last = 0;
                    while (writing.get() && wentBack.isEmpty()) {
                        long now = cache.getNumeric("n").longValue();
                        if (now < last) {
                            wentBack.add("read " + now + " after " + last);
                        }
                        last = now;
                    }
                }));
            }
            RedisClient client = RedisClient.create(RedisURI.Builder
                    .redis(server.host(), server.port()).withDatabase(1).build());
            try (var other = client.connect()) {
                for (int i = 0; i < 1000 && wentBack.isEmpty(); i++) {
                    other.sync().incr(appId + ":n");
                }
            } finally {
                writing.set(false);
                client.shutdown();
            }
            for (Future<?> reader : running) {
                reader.get(30, TimeUnit.SECONDS);
            }
            readers.shutdown();
            assertTrue(wentBack.isEmpty(), wentBack.toString());
            await("the last increment", () -> cache.getNumeric("n").longValue() == 1000, Duration.ofSeconds(5));
            Instances.close(cache);
        }
    }

    @Test
    void aNearCachedEntryDoesNotOutliveTheKeysTtl() throws Exception {
        String appId = "near-ttl-" + System.nanoTime();
        try (RedisServer server = RedisServers.standalone()) {
            Cache cache = nearCached(appId, Map.of("host", server.host(), "port", server.port()));
            // Another client's expiry, so that the element's own write does not drop the entry first.
            server.cli("-n", "1", "SET", appId + ":t", "short-lived", "PX", "300");
            String first = cache.get("t");
            await("the key's expiry on the server", () -> server.cli("-n", "1", "EXISTS", appId + ":t").equals("0"),
                    Duration.ofSeconds(5));
            assertEquals("short-lived", first);
            assertNull(cache.get("t"), "the near cache served a key past its TTL");
            Instances.close(cache);
        }
    }

    @Test
    void theBoundIsRespected() throws Exception {
        String appId = "near-bound-" + System.nanoTime();
        try (RedisServer server = RedisServers.standalone()) {
            Map<String, Object> config = Map.of("host", server.host(), "port", server.port(),
                    "near_cache_max_entries", 50);
            Cache cache = nearCached(appId, config);
            for (int i = 0; i < 500; i++) {
                cache.set("k" + i, "v" + i);
                assertEquals("v" + i, cache.get("k" + i));
            }
            for (int i = 0; i < 500; i++) {
                assertEquals("v" + i, cache.get("k" + i), "evicted entries are read from the server again");
            }
            double size = gauges(cache).get("nearcache.size");
            // Caffeine evicts on the calling thread, after the write that overflowed: a handful may be pending.
            assertTrue(size <= 50 + 16, "the near cache holds " + size + " entries, its bound is 50");
            Instances.close(cache);
        }
    }

    /** Killed and started again (empty): once the element reads again, it reads what the new server holds. */
    @Test
    @Tag(FaultRounds.TAG)
    void noStaleReadAfterAServerRestart() throws Exception {
        String appId = "near-restart-" + System.nanoTime();
        try (RedisServer server = RedisServers.standalone()) {
            Cache cache = nearCached(appId, Map.of("host", server.host(), "port", server.port(),
                    "socket_timeout", 1));
            cache.set("k", "before the restart");
            assertEquals("before the restart", cache.get("k"));
            assertEquals("before the restart", cache.get("k"));

            server.kill();
            server.restart();
            server.cli("-n", "1", "SET", appId + ":k", "after the restart");
            assertFirstSuccessfulReadsAre(cache, "k", "after the restart");
            Instances.close(cache);
        }
    }

    /** The master dies, the sentinel promotes the replica, another client writes there: no read of the old value. */
    @Test
    @Tag(FaultRounds.TAG)
    void noStaleReadAfterASentinelFailover() throws Exception {
        String password = "pw-" + System.nanoTime();
        String appId = "near-failover-" + System.nanoTime();
        try (RedisSentinels sentinels = RedisServers.sentinelWithReplicas("nearmaster", password, null, 1)) {
            Cache cache = nearCached(appId, Map.of("mode", "sentinel", "nodes",
                    List.of(sentinels.sentinel().address()), "master_name", "nearmaster", "password", password,
                    "socket_timeout", 1));
            cache.set("k", "on the first master");
            assertEquals("on the first master", cache.get("k"));
            assertEquals("on the first master", cache.get("k"));
            RedisServer replica = sentinels.replicas().get(0);
            long replicated = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!replica.cli("-n", "1", "GET", appId + ":k").equals("on the first master")
                    && System.nanoTime() < replicated) {
                Thread.sleep(20);
            }

            sentinels.master().kill();
            long promoted = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!sentinels.sentinel().cli("SENTINEL", "get-master-addr-by-name", "nearmaster")
                    .contains(String.valueOf(replica.port())) && System.nanoTime() < promoted) {
                Thread.sleep(100);
            }
            assertTrue(replica.cli("ROLE").startsWith("master"), "the replica was not promoted: "
                    + sentinels.sentinel().log());
            replica.cli("-n", "1", "SET", appId + ":k", "on the promoted replica");
            assertFirstSuccessfulReadsAre(cache, "k", "on the promoted replica");
            Instances.close(cache);
        }
    }

    /**
     * A server that goes silent without closing the connection (SIGSTOP here; a network partition alike) could miss
     * writes of others reaching it another way: the heartbeat notices and the near cache stops serving.
     */
    @Test
    @Tag(FaultRounds.TAG)
    void aSilentServerStopsTheNearCacheFromServing() throws Exception {
        String appId = "near-silent-" + System.nanoTime();
        try (RedisServer server = RedisServers.standalone()) {
            Cache cache = nearCached(appId, Map.of("host", server.host(), "port", server.port()));
            cache.set("k", "v");
            assertEquals("v", cache.get("k"));
            server.pause();
            try {
                await("the near cache stopping to serve", () -> {
                    try {
                        cache.get("k");
                        return false;
                    } catch (CacheUnavailableException expected) {
                        return true;
                    }
                }, Duration.ofSeconds(10));
            } finally {
                server.resume();
            }
            assertFirstSuccessfulReadsAre(cache, "k", "v");
            Instances.close(cache);
        }
    }

    /** Reads until one succeeds (the element reconnects), then asserts that it and the next ones read {@code value}. */
    private static void assertFirstSuccessfulReadsAre(Cache cache, String key, String value) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String first = null;
        boolean read = false;
        while (!read && System.nanoTime() < deadline) {
            try {
                first = cache.get(key);
                read = true;
            } catch (CacheUnavailableException reconnecting) {
                Thread.sleep(20);
            }
        }
        assertTrue(read, "no read succeeded within 60 s");
        assertEquals(value, first, "the first read after reconnecting was stale");
        for (int i = 0; i < 100; i++) {
            assertEquals(value, cache.get(key), "read " + i + " after reconnecting was stale");
        }
        assertTrue(gauges(cache).get("nearcache.hit.ratio") > 0, "the near cache served nothing after reconnecting");
    }
}
