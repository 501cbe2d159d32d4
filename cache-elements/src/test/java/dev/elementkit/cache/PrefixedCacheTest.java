package dev.elementkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.memory.InMemoryServer;
import dev.elementkit.cache.memory.ManualClock;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.cache.spi.SharedResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PrefixedCache} on the in-memory backend: what the contract cannot reach from outside, namely a disconnect
 * racing calls, and waiting (for a lock, for another process's loader) on an injected clock, with no real sleep.
 */
class PrefixedCacheTest {

    private static final String APP = "demo.CacheDemo";

    private final ManualClock clock = new ManualClock();
    private final InMemoryServer server = new InMemoryServer(clock);
    private final SharedResources<String, CacheBackend> connections = new SharedResources<>();
    private final CacheBackend otherProcess = server.connect();

    /** Time passes only when the cache waits: each sleep moves both the waiter's clock and the server's. */
    private final class FakeWaiter implements Waiter {
        final AtomicInteger sleeps = new AtomicInteger();
        volatile long nanos;
        volatile Runnable onSleep = () -> { };

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(Duration pause) {
            sleeps.incrementAndGet();
            nanos += pause.toNanos();
            clock.advance(pause);
            onSleep.run();
        }

        Duration waited() {
            return Duration.ofNanos(nanos);
        }
    }

    private final FakeWaiter waiter = new FakeWaiter();

    @AfterEach
    void closeConnections() {
        connections.close();
    }

    private PrefixedCache newCache() throws Exception {
        CacheElements.BackendOpener opener = () -> connections.acquire("server", key -> server.connect());
        PrefixedCache cache = new PrefixedCache("caches.Demo", APP, opener, waiter);
        cache.connectNow();
        return cache;
    }

    @Test
    @Timeout(60)
    void aDisconnectRacingCallsNeverFailsThem() throws Exception {
        PrefixedCache cache = newCache();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                callers.add(pool.submit(() -> {
                    for (int i = 0; i < 5000; i++) {
                        cache.incr("hits");
                        cache.set("last:" + thread, i);
                        assertEquals(Integer.toString(i), cache.get("last:" + thread));
                    }
                    return null;
                }));
            }
            Future<Integer> disconnects = pool.submit(() -> {
                int count = 0;
                while (running.get()) {
                    cache.disconnect();
                    count++;
                }
                return count;
            });
            for (Future<?> caller : callers) {
                caller.get(50, TimeUnit.SECONDS);
            }
            running.set(false);
            assertTrue(disconnects.get(5, TimeUnit.SECONDS) > 0);
            assertEquals(20_000L, cache.getNumeric("hits"), "every increment counted once");
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }

    /** The plugin stopped (its registry closed every connection) while an element was still held by a script. */
    @Test
    @Timeout(10)
    void aCallAfterThePluginStoppedFailsWithTheReason() throws Exception {
        PrefixedCache cache = newCache();
        cache.set("k", "v");
        connections.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.get("k"));
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
        assertFalse(cache.ping());
    }

    @Test
    void rememberWaitsOnTheInjectedClockForAnotherProcessesLoader() throws Exception {
        PrefixedCache cache = newCache();
        otherProcess.add(APP + ":lock:remember:report", "their-token", Duration.ofSeconds(30));
        waiter.onSleep = () -> {
            if (waiter.sleeps.get() == 3) {
                otherProcess.set(APP + ":report", "theirs", Duration.ofSeconds(60));
            }
        };
        String value = cache.remember("report", 60, () -> {
            throw new AssertionError("the loader ran while another process was loading");
        });
        assertEquals("theirs", value);
        assertEquals(3, waiter.sleeps.get());
    }

    @Test
    void rememberTakesOverWhenTheOtherProcessDiedHoldingTheLock() throws Exception {
        PrefixedCache cache = newCache();
        otherProcess.add(APP + ":lock:remember:report", "dead-token", Duration.ofSeconds(30));
        AtomicInteger loads = new AtomicInteger();
        assertEquals("mine", cache.remember("report", 60, () -> {
            loads.incrementAndGet();
            return "mine";
        }));
        assertEquals(1, loads.get());
        assertTrue(waiter.waited().compareTo(Duration.ofSeconds(30)) >= 0, "waited " + waiter.waited());
        assertFalse(otherProcess.exists(APP + ":lock:remember:report"), "the lock was released");
    }

    @Test
    void lockWaitsUntilTheOtherOwnersLeaseRunsOut() throws Exception {
        PrefixedCache cache = newCache();
        otherProcess.add(APP + ":lock:nightly", "their-token", Duration.ofSeconds(10));
        try (CacheLock lock = cache.lock("nightly", 60, Duration.ofMinutes(1))) {
            assertTrue(lock.isHeld());
            Duration waited = waiter.waited();
            assertTrue(waited.compareTo(Duration.ofSeconds(10)) >= 0 && waited.compareTo(Duration.ofSeconds(11)) < 0,
                    "waited " + waited);
        }
    }

    @Test
    void lockGivesUpAtTheWaitTimeoutOfTheInjectedClock() throws Exception {
        PrefixedCache cache = newCache();
        otherProcess.add(APP + ":lock:nightly", "their-token", Duration.ofHours(1));
        LockTimeoutException e = assertThrows(LockTimeoutException.class,
                () -> cache.lock("nightly", 60, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("'nightly'") && !e.getMessage().contains(APP + ":"), e.getMessage());
        assertEquals(Duration.ofSeconds(5), waiter.waited(), "waited exactly the timeout");
        assertEquals("their-token", otherProcess.get(APP + ":lock:nightly"));
    }

    @Test
    void aBackendErrorNamesTheKeyWithoutTheAppPrefix() throws Exception {
        PrefixedCache cache = newCache();
        cache.set("user:1001:name", "John");
        CacheValueException e = assertThrows(CacheValueException.class, () -> cache.incr("user:1001:name"));
        assertEquals("cannot increment key 'user:1001:name': its value is not a whole number; nothing was changed",
                e.getMessage());
    }
}
