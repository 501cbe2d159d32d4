package dev.elementkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import dev.elementkit.redis.testing.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What happens to an element while its Redis crashes and comes back, through the plugin JAR. */
@Timeout(120)
class FaultToleranceIT {

    static PluginHarness harness;
    static Path appRoot;

    @BeforeAll
    static void load() throws Exception {
        RedisServers.requireBinaries();
        harness = PluginHarness.load("element-redis");
        appRoot = Files.createTempDirectory("redis-fault-");
    }

    @AfterAll
    static void unload() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Cache cache(String appId, int port) throws Exception {
        return harness.createCache(RedisType.FULL_NAME, new ElementContext(appId, appRoot, "caches.Faulty"),
                Map.of("host", "127.0.0.1", "port", port, "socket_timeout", 0.5, "socket_connect_timeout", 0.5));
    }

    /**
     * Sixteen threads increment one counter while the server is killed and restarted. Every INCR acknowledged is
     * durable (AOF, fsync always), and the server is paused for writes just before the kill so that it dies with
     * no INCR executed but unanswered: the final value must then equal the number of calls that returned, exactly.
     * While the server is down calls fail fast as "cache unavailable"; after its return they succeed within 2 s.
     */
    @Test
    void incrUnderLoadSurvivesAKillAndRestartAppliedAtMostOnce() throws Exception {
        try (RedisServer server = RedisServers.standalone("--appendonly", "yes", "--appendfsync", "always")) {
            String appId = "fault-" + System.nanoTime();
            Cache cache = cache(appId, server.port());
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong succeeded = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicLong slowestFailureNanos = new AtomicLong();
            AtomicLong firstSuccessAfterRestart = new AtomicLong();
            AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
            List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        long start = System.nanoTime();
                        try {
                            cache.incr("counter");
                            succeeded.incrementAndGet();
                            if (System.nanoTime() > restartedAt.get()) {
                                firstSuccessAfterRestart.compareAndSet(0, System.nanoTime());
                            }
                        } catch (CacheUnavailableException e) {
                            failed.incrementAndGet();
                            slowestFailureNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                            sleepQuietly(5);
                        } catch (Throwable e) {
                            unexpected.add(e);
                            return;
                        }
                    }
                }));
            }
            Thread.sleep(1000);
            long beforeKill = succeeded.get();
            server.cli("CLIENT", "PAUSE", "10000", "WRITE");
            Thread.sleep(200);
            server.kill();
            Thread.sleep(2000);
            long failedWhileDown = failed.get();
            server.restart();
            restartedAt.set(System.nanoTime());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (firstSuccessAfterRestart.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(500);
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertTrue(unexpected.isEmpty(), "only CacheUnavailableException may be thrown: " + unexpected);
            assertTrue(beforeKill > 0, "no INCR succeeded before the kill");
            assertTrue(failedWhileDown > 0, "calls must fail while the server is down");
            assertTrue(slowestFailureNanos.get() < Duration.ofMillis(1500).toNanos(),
                    "a failing call took " + slowestFailureNanos.get() / 1_000_000 + " ms; socket_timeout is 500 ms");
            assertTrue(firstSuccessAfterRestart.get() != 0, "no call succeeded after the server came back");
            long recoveryMillis = (firstSuccessAfterRestart.get() - restartedAt.get()) / 1_000_000;
            assertTrue(recoveryMillis <= 2000, "calls succeeded again only " + recoveryMillis + " ms after the restart");
            long stored = Long.parseLong(server.cli("-n", "1", "GET", appId + ":counter"));
            assertEquals(succeeded.get(), stored, "INCRs applied must equal INCRs acknowledged (failed: "
                    + failed.get() + ")");
            System.out.printf("fault test: %d acknowledged, %d failed, recovery %d ms, slowest failure %d ms%n",
                    succeeded.get(), failed.get(), recoveryMillis, slowestFailureNanos.get() / 1_000_000);
            cache.close();
        }
    }

    /**
     * The server executes an INCR and the connection breaks before the reply reaches the client. Lettuce's default
     * would replay the command after reconnecting (applying it twice); the element must fail the call instead and
     * leave the counter at 1, then work again on its own.
     */
    @Test
    void anIncrWhoseReplyIsLostIsNotReplayedAfterReconnect() throws Exception {
        try (RedisServer server = RedisServers.standalone(); TcpProxy proxy = TcpProxy.to(server.port())) {
            String appId = "replay-" + System.nanoTime();
            Cache cache = cache(appId, proxy.port());
            cache.setNumeric("counter", 0);
            proxy.dropNextReply();
            assertThrows(CacheUnavailableException.class, () -> cache.incr("counter"));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!cache.ping() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(cache.ping(), "the element did not reconnect by itself");
            Thread.sleep(300);
            assertEquals("1", server.cli("-n", "1", "GET", appId + ":counter"),
                    "the INCR was applied more than once");
            assertEquals(2L, cache.incr("counter"));
            cache.close();
        }
    }

    /** While nothing listens, a call fails within about socket_timeout, naming the cause. */
    @Test
    void callsFailFastWithCacheUnavailableWhileTheServerIsDown() throws Exception {
        RedisServer server = RedisServers.standalone();
        Cache cache = cache("down-" + System.nanoTime(), server.port());
        cache.set("k", "v");
        server.close();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            CacheUnavailableException e = assertThrows(CacheUnavailableException.class, () -> cache.get("k"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().startsWith("cache unavailable"), e.getMessage());
            assertTrue(millis < 1500, "took " + millis + " ms");
        }
        cache.close();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
