package dev.elementkit.redis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.platform.shared.Lease;
import dev.elementkit.redis.testing.RedisCluster;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Concurrent callers on one shared connection, whose writes {@link FlushCoalescing} sends together: every command
 * arrives once, in each caller's order, and every reply reaches the caller that sent the command, also when large
 * values make the coalesced writes partial, and on a cluster, where each master has its own coalesced connection.
 */
class FlushCoalescingIT {

    private static final int THREADS = 16;
    private static final int ROUNDS = 300;
    private static final Duration WATCHDOG = Duration.ofSeconds(60);

    @Test
    void concurrentCallersOnAStandaloneConnectionGetTheirOwnRepliesInOrder() throws Exception {
        RedisServers.requireBinaries();
        try (RedisServer server = RedisServers.standalone();
             RedisEngine engine = RedisEngine.start(EngineOptions.redis());
             Lease<? extends CacheBackend> lease = engine.open(
                     RedisSettings.standalone(server.host(), server.port(), 1, Duration.ofSeconds(10)))) {
            hammer(lease.get());
        }
    }

    @Test
    void concurrentCallersOnAClusterGetTheirOwnRepliesInOrder() throws Exception {
        RedisServers.requireBinaries();
        try (RedisCluster cluster = RedisServers.cluster(3);
             RedisEngine engine = RedisEngine.start(EngineOptions.redis())) {
            Duration timeout = Duration.ofSeconds(10);
            RedisSettings settings = new RedisSettings(RedisSettings.Mode.CLUSTER,
                    List.of(RedisSettings.Node.parse(cluster.addresses().get(0))), null, null, 0, null, timeout,
                    timeout, null, null);
            try (Lease<? extends CacheBackend> lease = engine.open(settings)) {
                hammer(lease.get());
            }
        }
    }

    /**
     * Each caller writes its own key and reads it straight back (a reply given to the wrong caller, or a GET
     * overtaking its SET, shows as a wrong value), and increments one shared counter (a lost or repeated INCR shows
     * in the set of values seen and in the final count).
     */
    private static void hammer(CacheBackend backend) {
        assertTimeoutPreemptively(WATCHDOG, () -> {
            Set<Long> counts = ConcurrentHashMap.newKeySet();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService callers = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String key = "coalescing:" + t;
                    done.add(callers.submit(() -> {
                        start.await();
                        for (int round = 0; round < ROUNDS; round++) {
                            // Every tenth value is 64 KiB: more than one socket write can take at once.
                            String value = key + ":" + round + (round % 10 == 0 ? "x".repeat(64 * 1024) : "");
                            backend.set(key, value, null);
                            assertEquals(value, backend.get(key), "the read-back of " + key + " in round " + round);
                            assertTrue(counts.add(backend.incrBy("coalescing:counter", 1)), "an INCR reply twice");
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> caller : done) {
                    caller.get();
                }
            } finally {
                callers.shutdownNow();
            }
            long total = (long) THREADS * ROUNDS;
            assertEquals(total, counts.size());
            assertEquals(String.valueOf(total), backend.get("coalescing:counter"), "INCRs lost or applied twice");
        });
    }
}
