package dev.elementkit.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.RateLimit;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cache contract, run against element-database loaded from its built JAR through PF4J, in a table of its own;
 * plus the atomic calls under contention and what makes this backend worth choosing: hosts sharing one table.
 */
abstract class DatabaseCacheContract extends CacheContractTest {

    static PluginHarness harness;
    static String table;

    @BeforeAll
    static void loadPlugin() {
        harness = PluginHarness.load(PluginUnderTest.ID);
        table = TestDatabase.newTable();
    }

    @AfterAll
    static void unloadPlugin() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    abstract TestDatabase database();

    @Nested
    class AtomicCalls {

        @Test
        @Timeout(60)
        void ofSixteenConcurrentAddsExactlyOneStores() throws Exception {
            assertEquals(1, concurrently(16, i -> cache.add("once", "caller " + i) ? 1 : 0));
            assertTrue(cache.get("once").startsWith("caller "));
            assertFalse(cache.add("once", "late"));
        }

        @Test
        @Timeout(20)
        void addReplacesAnExpiredKey() throws InterruptedException {
            cache.set("short", "old", 1);
            awaitGone("short");
            assertTrue(cache.add("short", "new", 60));
            assertEquals("new", cache.get("short"));
        }

        @Test
        @Timeout(60)
        void ofSixteenConcurrentGetAndDeletesExactlyOneGetsTheValue() throws Exception {
            cache.set("ticket", "t-1");
            assertEquals(1, concurrently(16, i -> "t-1".equals(cache.getAndDelete("ticket")) ? 1 : 0));
            assertNull(cache.get("ticket"));
            assertNull(cache.getAndDelete("ticket"));
        }

        @Test
        void incrWithTtlGivesTheTtlOnlyWhenItCreatesTheKey() {
            assertEquals(5, cache.incr("hits", 5, 100));
            long ttl = cache.ttl("hits");
            assertTrue(ttl > 90 && ttl <= 100, "ttl was " + ttl);
            cache.setNumeric("forever", 1);
            assertEquals(3, cache.incr("forever", 2, 100));
            assertEquals(-1, cache.ttl("forever"), "an existing key keeps its (absent) TTL");
        }

        @Test
        void incrRefusesToLeaveTheLongRange() {
            cache.setNumeric("big", Long.MAX_VALUE);
            assertThrows(CacheValueException.class, () -> cache.incr("big", 1));
            assertEquals(Long.MAX_VALUE, cache.getNumeric("big"));
        }

        @Test
        void clearDeletesThisAppsKeysOnly() throws Exception {
            Cache other = open(newAppId());
            other.set("k", "theirs");
            cache.set("k", "mine");
            cache.set("user:1", "mine");
            assertEquals(2, cache.clear());
            assertEquals(List.of(), cache.keys());
            assertEquals("theirs", other.get("k"));
        }

        @Test
        @Timeout(60)
        void aRateLimitAdmitsExactlyTheLimitUnderContention() throws Exception {
            assertEquals(10, concurrently(16, i -> {
                int admitted = 0;
                for (int n = 0; n < 3; n++) {
                    admitted += cache.rateLimit("api", 10, Duration.ofHours(1)).allowed() ? 1 : 0;
                }
                return admitted;
            }));
            RateLimit refused = cache.rateLimit("api", 10, Duration.ofHours(1));
            assertFalse(refused.allowed());
            assertTrue(refused.retryAfter().compareTo(Duration.ofMinutes(59)) > 0, refused.toString());
        }

        private int concurrently(int threads, IntFunction<Integer> call) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    int caller = i;
                    results.add(pool.submit(() -> {
                        start.await();
                        return call.apply(caller);
                    }));
                }
                start.countDown();
                int sum = 0;
                for (Future<Integer> result : results) {
                    sum += result.get();
                }
                return sum;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class SharedTable {

        @Test
        void aSecondHostOnTheSameTableSeesTheDataAndSqlShowsItAsStored() throws Exception {
            String appId = newAppId();
            Cache here = open(appId);
            here.set("user:1001:name", "John", 3600);
            // Another PF4J load of the plugin is another class loader with its own pool: as another host would be.
            try (PluginHarness otherHost = PluginHarness.load(PluginUnderTest.ID);
                 Cache there = otherHost.createCache(PluginUnderTest.TYPE,
                         new ElementContext(appId, Path.of("."), "caches.Tck"), database().config(table))) {
                assertEquals("John", there.get("user:1001:name"));
                assertEquals(7, there.incr("visits", 7));
            }
            assertEquals(7L, here.getNumeric("visits"));
            try (Connection sql = database().connect();
                 PreparedStatement read = sql.prepareStatement(
                         "SELECT cache_value FROM " + table + " WHERE cache_key = ?")) {
                read.setString(1, appId + ":user:1001:name");
                try (ResultSet rows = read.executeQuery()) {
                    assertTrue(rows.next());
                    assertEquals("John", rows.getString(1));
                }
            }
        }
    }

    @Override
    protected Cache newCache(String appId) throws Exception {
        return harness.createCache(PluginUnderTest.TYPE, new ElementContext(appId, Path.of("."), "caches.Tck"),
                database().config(table));
    }
}
