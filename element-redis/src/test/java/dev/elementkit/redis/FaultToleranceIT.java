package dev.elementkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.tck.FaultRounds;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.cache.tck.TimeLimits;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.BlackHoleServer;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What happens to an element while its Redis crashes, hangs, never answers or is not there yet, through the plugin
 * JAR. Each test prints its figures (calls acknowledged and failed, longest call, time to recover).
 */
@Tag(FaultRounds.TAG)
@Tag(TimeLimits.TAG)
@Timeout(180)
class FaultToleranceIT {

    /** socket_timeout and socket_connect_timeout of the elements here, as the reference's defaults. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);

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
                Map.of("host", "127.0.0.1", "port", port, "socket_timeout", TIMEOUT.toMillis() / 1000.0,
                        "socket_connect_timeout", TIMEOUT.toMillis() / 1000.0));
    }

    /**
     * Sixteen threads increment one counter while the server is killed and restarted. Every INCR acknowledged is
     * durable (AOF, fsync always), and the server is paused for writes just before the kill so that it dies with
     * no INCR executed but unanswered: the final value must then equal the number of calls that returned, exactly.
     * While the server is down calls fail fast as "cache unavailable"; after its return they succeed within 2 s.
     */
    @Test
    void incrUnderLoadSurvivesAKillAndRestartAppliedAtMostOnce() throws Exception {
        for (int round = 1; round <= FaultRounds.rounds(); round++) {
            killAndRestartUnderIncr(round);
        }
    }

    private void killAndRestartUnderIncr(int round) throws Exception {
        try (RedisServer server = RedisServers.standalone("--appendonly", "yes", "--appendfsync", "always")) {
            String appId = "fault-" + System.nanoTime();
            Cache cache = cache(appId, server.port());
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong succeeded = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicLong slowestFailureNanos = new AtomicLong();
            AtomicLong firstSuccessAfterRestart = new AtomicLong();
            AtomicLong succeededAfterRestart = new AtomicLong();
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
                                succeededAfterRestart.incrementAndGet();
                            }
                        } catch (CacheUnavailableException e) {
                            failed.incrementAndGet();
                            slowestFailureNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                            Waiting.backOff(5);
                        } catch (Throwable e) {
                            unexpected.add(e);
                            return;
                        }
                    }
                }));
            }
            Waiting.awaitAtLeast(succeeded, 500, Duration.ofSeconds(60));
            long beforeKill = succeeded.get();
            server.cli("CLIENT", "PAUSE", "10000", "WRITE");
            // Not a wait for an event but for the kernel: replies to INCRs executed before the pause must reach us
            // before the kill, or they would count as applied without being acknowledged.
            Thread.sleep(200);
            server.kill();
            Waiting.awaitAtLeast(failed, failed.get() + 100, Duration.ofSeconds(60));
            long failedWhileDown = failed.get();
            server.restart();
            restartedAt.set(System.nanoTime());
            Waiting.awaitAtLeast(succeededAfterRestart, 100, Duration.ofSeconds(30));
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertTrue(unexpected.isEmpty(), "only CacheUnavailableException may be thrown: " + unexpected);
            assertTrue(beforeKill > 0, "no INCR succeeded before the kill");
            assertTrue(failedWhileDown > 0, "calls must fail while the server is down");
            assertTrue(slowestFailureNanos.get() < TimeLimits.scaled(Duration.ofMillis(1500)).toNanos(),
                    "a failing call took " + slowestFailureNanos.get() / 1_000_000 + " ms; socket_timeout is 500 ms");
            assertTrue(firstSuccessAfterRestart.get() != 0, "no call succeeded after the server came back");
            long recoveryMillis = (firstSuccessAfterRestart.get() - restartedAt.get()) / 1_000_000;
            assertTrue(recoveryMillis <= TimeLimits.scaled(Duration.ofSeconds(2)).toMillis(),
                    "calls succeeded again only " + recoveryMillis + " ms after the restart");
            long stored = Long.parseLong(server.cli("-n", "1", "GET", appId + ":counter"));
            assertEquals(succeeded.get(), stored, "INCRs applied must equal INCRs acknowledged (failed: "
                    + failed.get() + ")");
            System.out.printf("fault redis kill-9 round %d: %d incr acknowledged = %d stored (0 lost, 0 doubled), %d "
                            + "failed, recovery %d ms, slowest failure %d ms%n", round, succeeded.get(), stored,
                    failed.get(), recoveryMillis, slowestFailureNanos.get() / 1_000_000);
            Instances.close(cache);
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
            Instances.close(cache);
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
            assertTrue(millis < TimeLimits.scaled(Duration.ofMillis(1500)).toMillis(), "took " + millis + " ms");
        }
        assertTrue(cache.unavailability().orElse("").contains("reconnecting"), "the host would list it UNAVAILABLE: "
                + cache.unavailability());
        Instances.close(cache);
    }

    /**
     * A server that accepts connections and never answers: creating the element returns within the configured
     * timeouts (connect + handshake + a small margin), unavailable, and each call fails as fast, as "not applied"
     * (no connection ever came up to send it on).
     */
    @Test
    void creationAgainstAServerThatNeverAnswersIsBoundedByTheConfiguredTimeouts() throws Exception {
        Duration limit = TimeLimits.scaled(TIMEOUT.plus(TIMEOUT).plus(Duration.ofMillis(500)));
        try (BlackHoleServer hole = BlackHoleServer.start()) {
            long start = System.nanoTime();
            Cache cache = cache("hole-" + System.nanoTime(), hole.port());
            long createMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(cache.unavailability().isPresent(), "created unavailable");
            long longestCall = 0;
            for (int i = 0; i < 3; i++) {
                long callStart = System.nanoTime();
                CacheUnavailableException e = assertThrows(CacheUnavailableException.class, () -> cache.incr("n"));
                longestCall = Math.max(longestCall, (System.nanoTime() - callStart) / 1_000_000);
                assertFalse(e.mayHaveBeenApplied(), e.getMessage());
            }
            assertTrue(hole.accepted() > 0, "the element never connected to the silent server");
            assertTrue(createMillis <= limit.toMillis(), "creation took " + createMillis + " ms, limit " + limit);
            assertTrue(longestCall <= limit.toMillis(), "a call took " + longestCall + " ms, limit " + limit);
            System.out.printf("fault redis black-hole: creation %d ms, longest call %d ms (socket_connect_timeout "
                    + "0.5 s + socket_timeout 0.5 s)%n", createMillis, longestCall);
            Instances.close(cache);
        }
    }

    /**
     * The server is down when the element is created: getElement's creation returns the element, unavailable, its
     * calls fail as "not applied", and once the server is started the element works without being re-created.
     */
    @Test
    void anElementCreatedWhileItsServerIsDownRecoversOnItsOwnOnceItStarts() throws Exception {
        try (RedisServer server = RedisServers.standalone()) {
            server.kill();
            String appId = "late-" + System.nanoTime();
            Cache cache = cache(appId, server.port());
            assertTrue(cache.unavailability().isPresent(), "created unavailable");
            CacheUnavailableException e = assertThrows(CacheUnavailableException.class, () -> cache.incr("n"));
            assertFalse(e.mayHaveBeenApplied(), e.getMessage());
            assertFalse(cache.ping());
            server.restart();
            long restarted = System.nanoTime();
            long deadline = restarted + Duration.ofSeconds(30).toNanos();
            while (!cache.ping() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long recoveryMillis = (System.nanoTime() - restarted) / 1_000_000;
            assertEquals(1L, cache.incr("n"), "the failed incr was not applied, and the element works again");
            assertTrue(cache.unavailability().isEmpty(), "available again: " + cache.unavailability());
            System.out.printf("fault redis down-at-creation: recovered %d ms after the server started, no "
                    + "re-creation%n", recoveryMillis);
            Instances.close(cache);
        }
    }

    /**
     * The server stops (SIGSTOP) under 8 threads of incr: each call fails within socket_timeout plus a margin,
     * reporting "may have been applied", and after SIGCONT the stored total lies between the acknowledged calls
     * and the acknowledged plus the maybe-applied ones: nothing reported "not applied" was applied.
     */
    @Test
    void aStoppedServerFailsEachCallWithinItsTimeoutReportingMaybeApplied() throws Exception {
        try (RedisServer server = RedisServers.standalone()) {
            String appId = "stopped-" + System.nanoTime();
            Cache cache = cache(appId, server.port());
            cache.setNumeric("n", 0);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean paused = new AtomicBoolean();
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong maybeApplied = new AtomicLong();
            AtomicLong notApplied = new AtomicLong();
            AtomicLong longestFailureNanos = new AtomicLong();
            AtomicLong acknowledgedAfterResume = new AtomicLong();
            List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        boolean resumedBefore = !paused.get();
                        long start = System.nanoTime();
                        try {
                            cache.incr("n");
                            acknowledged.incrementAndGet();
                            if (resumedBefore && maybeApplied.get() + notApplied.get() > 0) {
                                acknowledgedAfterResume.incrementAndGet();
                            }
                        } catch (CacheUnavailableException e) {
                            longestFailureNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                            (e.mayHaveBeenApplied() ? maybeApplied : notApplied).incrementAndGet();
                        } catch (Throwable e) {
                            unexpected.add(e);
                            return;
                        }
                    }
                }));
            }
            Waiting.awaitAtLeast(acknowledged, 200, Duration.ofSeconds(60));
            paused.set(true);
            server.pause();
            Waiting.awaitAtLeast(maybeApplied, 16, Duration.ofSeconds(60));
            server.resume();
            paused.set(false);
            Waiting.awaitAtLeast(acknowledgedAfterResume, 100, Duration.ofSeconds(60));
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();

            long stored = Long.parseLong(server.cli("-n", "1", "GET", appId + ":n"));
            assertTrue(unexpected.isEmpty(), "only CacheUnavailableException may be thrown: " + unexpected);
            assertTrue(stored >= acknowledged.get(), "acknowledged incr lost: " + stored + " < " + acknowledged);
            assertTrue(stored <= acknowledged.get() + maybeApplied.get(), "an incr reported 'not applied' was "
                    + "applied: " + stored + " > " + acknowledged + " + " + maybeApplied);
            Duration limit = TimeLimits.scaled(TIMEOUT.plus(Duration.ofMillis(500)));
            assertTrue(longestFailureNanos.get() <= limit.toNanos(), "a failing call took "
                    + longestFailureNanos.get() / 1_000_000 + " ms, limit " + limit);
            System.out.printf("fault redis SIGSTOP: %d incr acknowledged, %d failed 'maybe applied' of which %d were "
                            + "applied on resume, %d failed 'not applied'; longest failing call %d ms%n",
                    acknowledged.get(), maybeApplied.get(), stored - acknowledged.get(), notApplied.get(),
                    longestFailureNanos.get() / 1_000_000);
            Instances.close(cache);
        }
    }
}
