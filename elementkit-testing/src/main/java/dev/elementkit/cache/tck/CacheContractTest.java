package dev.elementkit.cache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheLoaderException;
import dev.elementkit.cache.CacheLock;
import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.LockTimeoutException;
import dev.elementkit.cache.RateLimit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The cache contract (TCK): the single definition of what every {@link Cache} means, run by each cache plugin
 * against its real backend. A plugin's test extends this class and says how to make a cache for an app; everything
 * else is here.
 *
 * <p>Each test works in apps of its own ({@code tck-<random>}), so runs against a shared server never meet, and
 * deletes what it wrote afterwards. Nothing here flushes a server.
 *
 * @since 1.0.0
 */
public abstract class CacheContractTest {

    /**
     * A new element instance for app {@code appId} on the backend under test. Called once or more per test; the
     * contract closes every cache it got.
     */
    protected abstract Cache newCache(String appId) throws Exception;

    /** Runs after each test, once the contract closed its caches. */
    protected void afterEachContract() throws Exception {
    }

    private final List<Cache> opened = new ArrayList<>();
    private final Map<Cache, String> appIds = new IdentityHashMap<>();
    protected Cache cache;

    @BeforeEach
    final void openCache() throws Exception {
        cache = open(newAppId());
    }

    @AfterEach
    final void closeCaches() throws Exception {
        for (Cache c : opened) {
            try {
                for (String key : c.keys()) {
                    c.delete(key);
                }
            } catch (IllegalStateException closedByTheTest) {
                // Its app's keys are deleted through another instance, or it never wrote any.
            } finally {
                Instances.close(c);
            }
        }
        opened.clear();
        appIds.clear();
        afterEachContract();
    }

    /** Another cache of a new app on the same backend. */
    protected final Cache open(String appId) throws Exception {
        Cache c = newCache(appId);
        opened.add(c);
        appIds.put(c, appId);
        return c;
    }

    /** A fresh app id. */
    protected static String newAppId() {
        return "tck-" + UUID.randomUUID().toString().substring(0, 12);
    }

    @Nested
    class Strings {

        @Test
        void setThenGetReturnsTheValue() {
            assertTrue(cache.set("user:1001:name", "John"));
            assertEquals("John", cache.get("user:1001:name"));
        }

        @Test
        void getOfAMissingKeyIsNull() {
            assertNull(cache.get("never-written"));
        }

        @Test
        void setReplacesTheValue() {
            cache.set("k", "first");
            cache.set("k", "second");
            assertEquals("second", cache.get("k"));
        }

        @Test
        void emptyValueIsKeptAndDistinctFromMissing() {
            cache.set("empty", "");
            assertEquals("", cache.get("empty"));
            assertTrue(cache.exists("empty"));
        }

        @Test
        void unicodeKeysAndValuesRoundTrip() {
            Map<String, String> samples = new LinkedHashMap<>();
            samples.put("ключ:1", "значение");
            samples.put("键:名字", "张三");
            samples.put("emoji:😀", "👍🏽 family 👨‍👩‍👧");
            samples.put("mixed:ü€", "line1\nline2\ttab\u0000nul");
            samples.forEach(cache::set);
            samples.forEach((k, v) -> assertEquals(v, cache.get(k), "value of " + k));
            assertEquals(new TreeSet<>(samples.keySet()), new TreeSet<>(cache.keys()));
        }

        @Test
        void oneMebibyteValuesRoundTrip() {
            String ascii = "x".repeat(1 << 20);
            cache.set("big:ascii", ascii);
            assertEquals(ascii, cache.get("big:ascii"));

            // Counts bytes as it goes: re-encoding the whole text each round made this test take minutes.
            StringBuilder multiByte = new StringBuilder();
            int bytes = 0;
            while (bytes < (1 << 20)) {
                String piece = "汉字ü😀" + multiByte.length();
                multiByte.append(piece);
                bytes += piece.getBytes(StandardCharsets.UTF_8).length;
            }
            cache.set("big:utf8", multiByte.toString());
            assertEquals(multiByte.toString(), cache.get("big:utf8"));
        }

        @Test
        void mapsListsAndRecordsAreStoredAsJson() {
            cache.set("profile", Map.of("name", "John", "age", 42));
            assertEquals(Map.of("name", "John", "age", 42), cache.get("profile", Map.class));
            cache.set("tags", List.of("a", "b"));
            assertEquals(List.of("a", "b"), cache.get("tags", List.class));
            cache.set("point", new Point(1, 2));
            assertEquals(new Point(1, 2), cache.get("point", Point.class));
            assertEquals("{\"x\":1,\"y\":2}", cache.get("point").replace(" ", ""));
        }

        @Test
        void getAsATypeThatDoesNotFitRaisesACacheValueException() {
            cache.set("text", "not json");
            CacheValueException e = assertThrows(CacheValueException.class, () -> cache.get("text", Point.class));
            assertTrue(e.getMessage().contains("text"), e.getMessage());
        }
    }

    /** A value type for the JSON tests. */
    public record Point(int x, int y) {
    }

    @Nested
    class Expiry {

        @Test
        void aKeyWithATtlReportsTheSecondsLeft() {
            cache.set("session", "s", 3600);
            long ttl = cache.ttl("session");
            assertTrue(ttl > 3590 && ttl <= 3600, "ttl was " + ttl);
        }

        @Test
        void aKeyWithoutTtlReportsMinusOneAndAMissingKeyMinusTwo() {
            cache.set("forever", "v");
            assertEquals(-1, cache.ttl("forever"));
            assertEquals(-2, cache.ttl("missing"));
        }

        @Test
        @Timeout(20)
        void anExpiredKeyIsGoneFromEveryRead() throws InterruptedException {
            cache.set("short", "v", 1);
            cache.setNumeric("short-number", 5, 1);
            cache.set("long", "v", 3600);
            awaitGone("short");
            assertNull(cache.get("short"));
            assertFalse(cache.exists("short"));
            assertEquals(-2, cache.ttl("short"));
            assertFalse(cache.expire("short", 10), "expire of an expired key");
            assertFalse(cache.delete("short"), "delete of an expired key");
            awaitGone("short-number");
            assertEquals(0L, cache.getNumeric("short-number"));
            assertEquals(List.of("long"), cache.keys("*"));
            assertEquals("v", cache.get("long"));
        }

        @Test
        @Timeout(20)
        void incrOnAnExpiredKeyCountsFromZero() throws InterruptedException {
            cache.setNumeric("counter", 41, 1);
            awaitGone("counter");
            assertEquals(1, cache.incr("counter"));
            assertEquals(-1, cache.ttl("counter"), "a counter re-created after expiry has no TTL");
        }

        @Test
        void setWithoutTtlClearsAnEarlierTtl() {
            cache.set("k", "v", 3600);
            cache.set("k", "w");
            assertEquals(-1, cache.ttl("k"));
        }

        @Test
        void setWithTtlReplacesAnEarlierTtl() {
            cache.set("k", "v", 3600);
            cache.set("k", "w", 60);
            long ttl = cache.ttl("k");
            assertTrue(ttl > 50 && ttl <= 60, "ttl was " + ttl);
        }

        @Test
        void expireSetsANewTtlAndIsFalseForAMissingKey() {
            cache.set("user:1001:name", "John", 3600);
            assertTrue(cache.expire("user:1001:name", 600));
            long ttl = cache.ttl("user:1001:name");
            assertTrue(ttl > 590 && ttl <= 600, "ttl was " + ttl);
            assertFalse(cache.expire("missing", 600));
            assertFalse(cache.exists("missing"), "expire must not create a key");
        }

        @Test
        void expireGivesAKeyWithoutTtlOne() {
            cache.set("k", "v");
            assertTrue(cache.expire("k", 100));
            assertTrue(cache.ttl("k") > 90);
        }

        @Test
        @Timeout(20)
        void expireMakesTheKeyGoAway() throws InterruptedException {
            cache.set("k", "v");
            assertTrue(cache.expire("k", 1));
            awaitGone("k");
            assertNull(cache.get("k"));
        }
    }

    @Nested
    class Numbers {

        @Test
        void setNumericAndGetNumericAsInTheReference() {
            assertTrue(cache.setNumeric("visit_count", 100));
            assertEquals(100L, cache.getNumeric("visit_count"));
            assertEquals(105, cache.incr("visit_count", 5));
            assertEquals(105L, cache.getNumeric("visit_count"));
        }

        @Test
        void wholeNumbersAreLongsAndDecimalsAreDoubles() {
            cache.setNumeric("int", 7);
            cache.setNumeric("long", Long.MAX_VALUE);
            cache.setNumeric("decimal", 2.5);
            cache.setNumeric("negative", -3.25);
            assertEquals(7L, cache.getNumeric("int"));
            assertEquals(Long.MAX_VALUE, cache.getNumeric("long"));
            assertEquals(2.5, cache.getNumeric("decimal"));
            assertEquals(-3.25, cache.getNumeric("negative"));
        }

        @Test
        void numbersAreStoredAsPlainDecimalText() {
            cache.setNumeric("n", 42);
            cache.set("d", 3.50);
            cache.setNumeric("big", new java.math.BigDecimal("1E+3"));
            assertEquals("42", cache.get("n"));
            assertEquals("3.5", cache.get("d"));
            assertEquals("1000", cache.get("big"));
        }

        @Test
        void getNumericOfAMissingKeyIsZero() {
            assertEquals(0L, cache.getNumeric("missing"));
        }

        @Test
        void getNumericOfTextRaisesACacheValueExceptionNamingTheKey() {
            cache.set("name", "John");
            CacheValueException e = assertThrows(CacheValueException.class, () -> cache.getNumeric("name"));
            assertTrue(e.getMessage().contains("name"), e.getMessage());
        }

        @Test
        void setNumericWithTtl() {
            cache.setNumeric("n", 1, 100);
            assertTrue(cache.ttl("n") > 90);
        }

        @Test
        void incrCountsAMissingKeyFromZeroAndReturnsTheNewValue() {
            assertEquals(1, cache.incr("c"));
            assertEquals(2, cache.incr("c"));
            assertEquals(12, cache.incr("c", 10));
            assertEquals(-8, cache.incr("c", -20));
            assertEquals(-8L, cache.getNumeric("c"));
            assertEquals("-8", cache.get("c"));
        }

        @Test
        void incrKeepsTheTtl() {
            cache.setNumeric("rate", 1, 3600);
            cache.incr("rate");
            long ttl = cache.ttl("rate");
            assertTrue(ttl > 3590, "ttl was " + ttl);
        }

        @Test
        void incrOnTextRaisesACacheValueExceptionAndChangesNothing() {
            cache.set("name", "John", 3600);
            CacheValueException e = assertThrows(CacheValueException.class, () -> cache.incr("name"));
            assertTrue(e.getMessage().contains("name"), e.getMessage());
            assertEquals("John", cache.get("name"));
            assertTrue(cache.ttl("name") > 3590);
        }

        @Test
        void incrOnADecimalRaisesACacheValueExceptionAndChangesNothing() {
            cache.setNumeric("d", 1.5);
            assertThrows(CacheValueException.class, () -> cache.incr("d", 1));
            assertEquals(1.5, cache.getNumeric("d"));
        }

        @Test
        @Timeout(120)
        void incrIsAtomicUnderSixteenThreads() throws Exception {
            int threads = 16;
            int callsEach = 1000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<List<Long>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        List<Long> seen = new ArrayList<>(callsEach);
                        for (int i = 0; i < callsEach; i++) {
                            seen.add(cache.incr("hits"));
                        }
                        return seen;
                    }));
                }
                start.countDown();
                Set<Long> returned = new HashSet<>();
                for (Future<List<Long>> result : results) {
                    returned.addAll(result.get(110, TimeUnit.SECONDS));
                }
                long total = (long) threads * callsEach;
                assertEquals(total, cache.getNumeric("hits"));
                assertEquals(total, returned.size(), "every incr returns a value no other incr returned");
                assertEquals(total, Collections.max(returned));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class KeysAndDeletion {

        @Test
        void existsAndDelete() {
            cache.set("user:1001:name", "John");
            assertTrue(cache.exists("user:1001:name"));
            assertTrue(cache.delete("user:1001:name"));
            assertFalse(cache.exists("user:1001:name"));
            assertNull(cache.get("user:1001:name"));
        }

        @Test
        void deleteOfAMissingKeyIsFalse() {
            assertFalse(cache.delete("missing"));
        }

        @Test
        void keysOfAnEmptyAppIsEmpty() {
            assertEquals(List.of(), cache.keys());
        }

        @Test
        void keysReturnsKeysWithoutThePrefix() {
            cache.set("user_1", "a");
            cache.set("user_2", "b");
            cache.set("order_1", "c");
            assertEquals(Set.of("user_1", "user_2", "order_1"), Set.copyOf(cache.keys()));
            assertEquals(Set.of("user_1", "user_2"), Set.copyOf(cache.keys("user_*")));
            assertEquals(Set.of("user_1", "order_1"), Set.copyOf(cache.keys("*_1")));
            assertEquals(Set.of("order_1"), Set.copyOf(cache.keys("o*")));
            assertEquals(List.of(), cache.keys("nothing*"));
        }

        @Test
        void questionMarkMatchesExactlyOneCharacterIncludingMultiByteOnes() {
            cache.set("ab", "1");
            cache.set("a1b", "1");
            cache.set("a12b", "1");
            cache.set("a键b", "1");
            cache.set("a😀b", "1");
            assertEquals(Set.of("a1b", "a键b", "a😀b"), Set.copyOf(cache.keys("a?b")));
        }

        @Test
        void characterClassesRangesAndNegation() {
            for (String key : List.of("ka", "kb", "kc", "kd", "kz", "k-")) {
                cache.set(key, "1");
            }
            assertEquals(Set.of("ka", "kb"), Set.copyOf(cache.keys("k[ab]")));
            assertEquals(Set.of("ka", "kb", "kc", "kd"), Set.copyOf(cache.keys("k[a-d]")));
            assertEquals(Set.of("kz", "k-"), Set.copyOf(cache.keys("k[^a-d]")));
        }

        @Test
        void keysContainingGlobCharactersAreMatchedLiterallyWhenEscaped() {
            List<String> tricky = List.of("a*b", "a?b", "a[1]b", "a\\b", "axb", "a]b");
            tricky.forEach(k -> cache.set(k, "1"));
            assertEquals(Set.copyOf(tricky), Set.copyOf(cache.keys()));
            assertEquals(List.of("a*b"), cache.keys("a\\*b"));
            assertEquals(List.of("a?b"), cache.keys("a\\?b"));
            assertEquals(List.of("a[1]b"), cache.keys("a\\[1\\]b"));
            assertEquals(List.of("a\\b"), cache.keys("a\\\\b"));
            assertEquals(Set.of("a*b", "a?b", "axb", "a]b", "a\\b"), Set.copyOf(cache.keys("a?b")));
            assertEquals(Set.of("a*b", "a?b"), Set.copyOf(cache.keys("a[*?]b")));
        }

        @Test
        void anAppIdWithGlobCharactersDoesNotWidenTheMatch() throws Exception {
            Cache odd = open(newAppId() + "[x]*");
            Cache plain = open(newAppId());
            odd.set("k", "1");
            plain.set("k", "2");
            assertEquals(List.of("k"), odd.keys());
            assertEquals("1", odd.get("k"));
        }

        @Test
        void aMalformedPatternRaisesAnIllegalArgumentExceptionNamingIt() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.keys("user_[ab"));
            assertTrue(e.getMessage().contains("user_[ab"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> cache.keys("trailing\\"));
        }

        @Test
        void manyKeysAreAllListed() {
            Map<String, String> entries = new LinkedHashMap<>();
            for (int i = 0; i < 2500; i++) {
                entries.put("bulk:" + i, Integer.toString(i));
            }
            cache.setAll(entries);
            assertEquals(entries.keySet(), new HashSet<>(cache.keys("bulk:*")));
        }
    }

    @Nested
    class Isolation {

        @Test
        void twoAppsOnOneBackendNeverSeeEachOthersKeys() throws Exception {
            Cache other = open(newAppId());
            cache.set("shared", "mine");
            other.set("shared", "theirs");
            cache.set("only-mine", "x");
            assertEquals("mine", cache.get("shared"));
            assertEquals("theirs", other.get("shared"));
            assertNull(other.get("only-mine"));
            assertFalse(other.exists("only-mine"));
            assertFalse(other.delete("only-mine"));
            assertEquals("x", cache.get("only-mine"));
            assertEquals(Set.of("shared"), Set.copyOf(other.keys()));
            assertEquals(1, other.incr("counter"));
            assertEquals(1, cache.incr("counter"));
            assertFalse(other.expire("only-mine", 10));
            assertEquals(-1, cache.ttl("only-mine"));
        }

        @Test
        void anAppWhoseIdPrefixesAnothersDoesNotSeeItsKeys() throws Exception {
            String id = newAppId();
            Cache shorter = open(id);
            Cache longer = open(id + "x");
            longer.set("k", "v");
            assertEquals(List.of(), shorter.keys());
            assertNull(shorter.get("xk"));
        }

        @Test
        void twoInstancesOfOneAppShareTheData() throws Exception {
            String id = newAppId();
            Cache first = open(id);
            Cache second = open(id);
            first.set("k", "v");
            assertEquals("v", second.get("k"));
            Instances.close(first);
            assertEquals("v", second.get("k"), "closing one instance leaves the other working");
        }
    }

    @Nested
    class Bulk {

        @Test
        void setAllAndGetAll() {
            Map<String, Object> entries = new LinkedHashMap<>();
            entries.put("a", "1");
            entries.put("b", 2);
            entries.put("c", Map.of("x", 1));
            cache.setAll(entries);
            Map<String, String> found = cache.getAll(List.of("a", "b", "c", "missing"));
            assertEquals(Map.of("a", "1", "b", "2", "c", "{\"x\":1}"), found);
        }

        @Test
        void setAllWithTtl() {
            cache.setAll(Map.of("a", "1", "b", "2"), 100);
            assertTrue(cache.ttl("a") > 90);
            assertTrue(cache.ttl("b") > 90);
        }

        @Test
        void getAllOfNothingIsEmpty() {
            assertEquals(Map.of(), cache.getAll(List.of()));
        }
    }

    @Nested
    class BadArguments {

        @Test
        void nullOrEmptyKeysAreRefusedByEveryMethod() {
            for (String bad : new String[] {null, ""}) {
                List<Executable> calls = List.of(
                        () -> cache.get(bad), () -> cache.get(bad, String.class), () -> cache.set(bad, "v"),
                        () -> cache.set(bad, "v", 10), () -> cache.setNumeric(bad, 1), () -> cache.getNumeric(bad),
                        () -> cache.incr(bad), () -> cache.incr(bad, 2), () -> cache.expire(bad, 10),
                        () -> cache.ttl(bad), () -> cache.exists(bad), () -> cache.delete(bad),
                        () -> cache.getAll(java.util.Arrays.asList("ok", bad)),
                        () -> cache.setAll(Collections.singletonMap(bad, "v")));
                for (Executable call : calls) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
                    assertTrue(e.getMessage().contains("key"), e.getMessage());
                }
            }
            assertEquals(List.of(), cache.keys(), "nothing was written");
        }

        @Test
        void aTtlBelowOneIsRefusedAndChangesNothing() {
            cache.set("k", "v");
            for (long ttl : new long[] {0, -1, Long.MIN_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.set("k", "w", ttl));
                assertTrue(e.getMessage().contains("ttl"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> cache.expire("k", ttl));
                assertThrows(IllegalArgumentException.class, () -> cache.setNumeric("k", 5, ttl));
                assertThrows(IllegalArgumentException.class, () -> cache.setAll(Map.of("k", "w"), ttl));
            }
            assertThrows(IllegalArgumentException.class, () -> cache.set("new", "w", -5));
            assertEquals("v", cache.get("k"));
            assertEquals(-1, cache.ttl("k"));
            assertFalse(cache.exists("new"));
        }

        @Test
        void nullValuesAreRefused() {
            assertThrows(IllegalArgumentException.class, () -> cache.set("k", null));
            assertThrows(IllegalArgumentException.class, () -> cache.setNumeric("k", null));
            assertThrows(IllegalArgumentException.class, () -> cache.setNumeric("k", Double.NaN));
            assertFalse(cache.exists("k"));
        }

        @Test
        void aBadEntryInSetAllWritesNoneOfThem() {
            Map<String, Object> entries = new LinkedHashMap<>();
            entries.put("good", "1");
            entries.put("bad", null);
            assertThrows(IllegalArgumentException.class, () -> cache.setAll(entries));
            assertFalse(cache.exists("good"));
        }
    }

    @Nested
    class Connection {

        @Test
        void pingIsTrueWhileTheBackendAnswers() {
            assertTrue(cache.ping());
        }

        @Test
        void disconnectReleasesAndTheNextCallReconnects() {
            cache.set("k", "v");
            cache.disconnect();
            assertEquals("v", cache.get("k"));
            assertTrue(cache.ping());
        }

        @Test
        void aClosedCacheRefusesCallsWithAMessageNamingTheElement() throws Exception {
            Instances.close(cache);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.get("k"));
            assertTrue(e.getMessage().contains(cache.fullName()), e.getMessage());
            assertFalse(cache.ping());
        }
    }

    /**
     * Writes, reads and deletes keys outside every app on the backend under test, as another program sharing the
     * server would. The default goes through an app whose id extends this app's id by one character (its keys
     * start with this app's id but not with its prefix, the nearest miss a prefix scan can make); a backend
     * overrides it to reach the server directly, with keys that carry no app prefix at all.
     */
    protected OutsideKeys outsideKeys() throws Exception {
        Cache neighbour = open(appIdOf(cache) + "x");
        return new OutsideKeys() {
            @Override
            public void set(String key, String value) {
                neighbour.set(key, value);
            }

            @Override
            public String get(String key) {
                return neighbour.get(key);
            }

            @Override
            public void delete(String key) {
                neighbour.delete(key);
            }
        };
    }

    /** Keys of the backend under test that belong to no app (see {@link #outsideKeys()}). */
    public interface OutsideKeys {
        void set(String key, String value) throws Exception;

        String get(String key) throws Exception;

        void delete(String key) throws Exception;
    }

    /** The app id a cache of this contract was opened for. */
    protected final String appIdOf(Cache c) {
        return appIds.get(c);
    }

    @Nested
    class Add {

        @Test
        void addStoresOnlyWhenTheKeyIsMissing() {
            assertTrue(cache.add("code", "1234"));
            assertFalse(cache.add("code", "9999"));
            assertEquals("1234", cache.get("code"));
            assertEquals(-1, cache.ttl("code"), "add without a TTL stores without expiry");
        }

        @Test
        void addWithATtlStoresItsExpiry() {
            assertTrue(cache.add("code", 1234, 300));
            assertEquals("1234", cache.get("code"));
            long ttl = cache.ttl("code");
            assertTrue(ttl > 290 && ttl <= 300, "ttl was " + ttl);
            assertFalse(cache.add("code", 5, 600));
            assertTrue(cache.ttl("code") <= 300, "a refused add leaves the TTL alone");
        }

        @Test
        @Timeout(20)
        void addReplacesAnExpiredKey() throws InterruptedException {
            cache.set("code", "old", 1);
            awaitGone("code");
            assertTrue(cache.add("code", "new", 60));
            assertEquals("new", cache.get("code"));
        }

        @Test
        @Timeout(120)
        void ofSixteenThreadsAddingOneKeyExactlyOneSucceeds() throws Exception {
            for (int round = 0; round < 10; round++) {
                String key = "race:" + round;
                List<Boolean> results = race(16, thread -> cache.add(key, "thread-" + thread, 60));
                int winners = 0;
                int winner = -1;
                for (int t = 0; t < results.size(); t++) {
                    if (results.get(t)) {
                        winners++;
                        winner = t;
                    }
                }
                assertEquals(1, winners, "round " + round + ": adds that returned true");
                assertEquals("thread-" + winner, cache.get(key), "the stored value is the winner's");
            }
        }
    }

    @Nested
    class GetAndDelete {

        @Test
        void returnsTheValueOnceAndDeletesIt() {
            cache.set("otp:alice", "493817", 300);
            assertEquals("493817", cache.getAndDelete("otp:alice"));
            assertFalse(cache.exists("otp:alice"));
            assertNull(cache.getAndDelete("otp:alice"));
        }

        @Test
        void ofAMissingKeyIsNull() {
            assertNull(cache.getAndDelete("never-written"));
        }

        @Test
        @Timeout(20)
        void ofAnExpiredKeyIsNull() throws InterruptedException {
            cache.set("otp", "1", 1);
            awaitGone("otp");
            assertNull(cache.getAndDelete("otp"));
        }

        @Test
        @Timeout(120)
        void ofSixteenThreadsExactlyOneGetsTheValue() throws Exception {
            for (int round = 0; round < 10; round++) {
                String key = "otp:" + round;
                cache.set(key, "code-" + round, 60);
                List<String> results = race(16, thread -> cache.getAndDelete(key));
                List<String> values = new ArrayList<>(results);
                values.removeIf(java.util.Objects::isNull);
                assertEquals(List.of("code-" + round), values, "round " + round + ": values handed out");
                assertFalse(cache.exists(key));
            }
        }
    }

    @Nested
    class IncrWithTtl {

        @Test
        void aCounterThisCallCreatesGetsTheTtl() {
            assertEquals(5, cache.incr("quota", 5, 60));
            long ttl = cache.ttl("quota");
            assertTrue(ttl > 50 && ttl <= 60, "ttl was " + ttl);
            assertEquals(6, cache.incr("quota", 1, 3600));
            ttl = cache.ttl("quota");
            assertTrue(ttl > 50 && ttl <= 60, "an existing counter keeps its TTL, was " + ttl);
        }

        @Test
        void anExistingKeyWithoutTtlStaysWithout() {
            cache.setNumeric("total", 10);
            assertEquals(11, cache.incr("total", 1, 60));
            assertEquals(-1, cache.ttl("total"));
        }

        @Test
        @Timeout(20)
        void aCounterRecreatedAfterExpiryGetsTheTtlAgain() throws InterruptedException {
            cache.incr("window", 1, 1);
            awaitGone("window");
            assertEquals(1, cache.incr("window", 1, 60));
            assertTrue(cache.ttl("window") > 50);
        }

        @Test
        void onTextRaisesACacheValueExceptionAndChangesNothing() {
            cache.set("name", "John", 3600);
            CacheValueException e = assertThrows(CacheValueException.class, () -> cache.incr("name", 1, 60));
            assertTrue(e.getMessage().contains("name"), e.getMessage());
            assertEquals("John", cache.get("name"));
            assertTrue(cache.ttl("name") > 3590);
        }

        @Test
        void aTtlBelowOneIsRefusedAndCreatesNothing() {
            assertThrows(IllegalArgumentException.class, () -> cache.incr("c", 1, 0));
            assertFalse(cache.exists("c"));
        }

        @Test
        @Timeout(120)
        void sixteenThreadsCountEveryCallAndTheCounterHasItsTtl() throws Exception {
            List<Long> last = race(16, thread -> {
                long value = 0;
                for (int i = 0; i < 100; i++) {
                    value = cache.incr("hits", 1, 300);
                }
                return value;
            });
            assertEquals(1600L, cache.getNumeric("hits"));
            assertEquals(1600L, Collections.max(last));
            long ttl = cache.ttl("hits");
            assertTrue(ttl > 0 && ttl <= 300, "ttl was " + ttl);
        }
    }

    @Nested
    class Clear {

        @Test
        void deletesEveryKeyOfThisAppAndReturnsTheCount() {
            cache.set("a", "1");
            cache.set("b", "2", 300);
            cache.setNumeric("c", 3);
            assertEquals(3, cache.clear());
            assertEquals(List.of(), cache.keys());
            assertNull(cache.get("a"));
            assertEquals(0, cache.clear(), "clearing an empty app deletes nothing");
        }

        @Test
        void leavesOtherAppsAndKeysOutsideEveryAppAlone() throws Exception {
            String id = appIdOf(cache);
            Cache other = open(newAppId());
            Cache longerId = open(id + "-2");
            OutsideKeys outside = outsideKeys();
            String bare = id;
            String adjacent = id + "x:k";
            try {
                outside.set(bare, "no prefix");
                outside.set(adjacent, "neighbour");
                cache.set("k", "mine");
                other.set("k", "theirs");
                longerId.set("k", "longer");
                assertEquals(1, cache.clear());
                assertNull(cache.get("k"));
                assertEquals("theirs", other.get("k"));
                assertEquals("longer", longerId.get("k"));
                assertEquals("no prefix", outside.get(bare));
                assertEquals("neighbour", outside.get(adjacent));
            } finally {
                outside.delete(bare);
                outside.delete(adjacent);
            }
        }

        @Test
        @Timeout(120)
        void clearsManyKeys() {
            Map<String, String> entries = new LinkedHashMap<>();
            for (int i = 0; i < 2500; i++) {
                entries.put("bulk:" + i, Integer.toString(i));
            }
            cache.setAll(entries);
            assertEquals(2500, cache.clear());
            assertEquals(List.of(), cache.keys());
        }

        @Test
        void theCacheKeepsWorkingAfterAClear() {
            cache.set("k", "v");
            cache.clear();
            cache.set("k", "w");
            assertEquals("w", cache.get("k"));
        }
    }

    @Nested
    class RateLimits {

        @Test
        void admitsTheLimitThenRefusesWithARetryAfterWithinTheWindow() {
            Duration window = Duration.ofMinutes(1);
            for (int i = 0; i < 5; i++) {
                RateLimit admitted = cache.rateLimit("api:alice", 5, window);
                assertTrue(admitted.allowed(), "request " + (i + 1));
                assertEquals(4 - i, admitted.remaining());
                assertEquals(Duration.ZERO, admitted.retryAfter());
                assertEquals(5, admitted.limit());
            }
            RateLimit refused = cache.rateLimit("api:alice", 5, window);
            assertFalse(refused.allowed());
            assertEquals(0, refused.remaining());
            assertTrue(refused.retryAfter().compareTo(Duration.ZERO) > 0
                    && refused.retryAfter().compareTo(window.plusMillis(1)) <= 0, refused.toString());
            assertTrue(cache.rateLimit("api:bob", 5, window).allowed(), "another key has its own window");
        }

        @Test
        @Timeout(30)
        void admitsAgainOnceTheWindowSlidesPastTheOldestRequest() throws InterruptedException {
            Duration window = Duration.ofMillis(300);
            assertTrue(cache.rateLimit("slide", 1, window).allowed());
            assertFalse(cache.rateLimit("slide", 1, window).allowed());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!cache.rateLimit("slide", 1, window).allowed()) {
                assertTrue(System.nanoTime() < deadline, "still refused 10 s after a 300 ms window");
                pause(Duration.ofMillis(20));
            }
        }

        @Test
        void badLimitsAndWindowsAreRefused() {
            assertThrows(IllegalArgumentException.class, () -> cache.rateLimit("k", 0, Duration.ofSeconds(1)));
            assertThrows(IllegalArgumentException.class, () -> cache.rateLimit("k", 1, Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> cache.rateLimit("k", 1, null));
            assertThrows(IllegalArgumentException.class, () -> cache.rateLimit(null, 1, Duration.ofSeconds(1)));
        }

        /**
         * 16 threads call as fast as they can. Each admission happened on the backend somewhere between the call's
         * start and end; any 101 admissions whose calls all started and ended within one second of each other
         * prove a window that admitted more than 100. If the whole run fits in one window, exactly 100 are admitted.
         */
        @Test
        @Timeout(120)
        void neverAdmitsMoreThanTheLimitInAnyWindowUnderSixteenThreads() throws Exception {
            long limit = 100;
            Duration window = Duration.ofSeconds(1);
            long windowNanos = window.toNanos();
            long began = System.nanoTime();
            List<List<long[]>> perThread = race(16, thread -> {
                List<long[]> admitted = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    long start = System.nanoTime();
                    RateLimit answer = cache.rateLimit("burst", limit, window);
                    long end = System.nanoTime();
                    if (answer.allowed()) {
                        admitted.add(new long[] {start, end, answer.remaining()});
                    } else {
                        assertTrue(answer.retryAfter().compareTo(Duration.ZERO) > 0, answer.toString());
                    }
                }
                return admitted;
            });
            long took = System.nanoTime() - began;
            List<long[]> admitted = new ArrayList<>();
            perThread.forEach(admitted::addAll);
            admitted.sort(java.util.Comparator.comparingLong(a -> a[0]));
            for (int i = 0; i < admitted.size(); i++) {
                long from = admitted.get(i)[0];
                long inOneWindow = admitted.stream().filter(a -> a[0] >= from && a[1] < from + windowNanos).count();
                assertTrue(inOneWindow <= limit, inOneWindow + " admissions within one window");
            }
            if (took < windowNanos) {
                assertEquals(limit, admitted.size(), "a run shorter than the window admits exactly the limit");
                Set<Long> remaining = new HashSet<>();
                admitted.forEach(a -> remaining.add(a[2]));
                assertEquals(limit, remaining.size(), "each admission saw its own remaining count");
            } else {
                assertTrue(admitted.size() >= limit, "the first window admits the limit, admitted "
                        + admitted.size());
            }
        }
    }

    @Nested
    class Remember {

        @Test
        void aStoredValueIsReturnedWithoutRunningTheLoader() {
            cache.set("config", "stored");
            assertEquals("stored", cache.remember("config", 60, () -> {
                throw new AssertionError("the loader ran although the key was stored");
            }));
        }

        @Test
        void aMissingValueIsLoadedStoredWithItsTtlAndReturned() {
            assertEquals("42", cache.remember("answer", 60, () -> 42));
            assertEquals("42", cache.get("answer"));
            long ttl = cache.ttl("answer");
            assertTrue(ttl > 50 && ttl <= 60, "ttl was " + ttl);
            assertFalse(cache.keys().stream().anyMatch(k -> k.startsWith("lock:")), "no lock key is left behind: "
                    + cache.keys());
        }

        @Test
        void theTypedVariantReturnsWhatLaterCallsRead() {
            assertEquals(new Point(1, 2), cache.remember("point", 60, Point.class, () -> new Point(1, 2)));
            assertEquals(new Point(1, 2), cache.remember("point", 60, Point.class, () -> new Point(9, 9)));
            assertEquals(new Point(1, 2), cache.get("point", Point.class));
        }

        @Test
        void jitterLengthensTheTtlByAtMostTheJitter() {
            for (int i = 0; i < 10; i++) {
                cache.remember("spread:" + i, 60, 30, () -> "v");
                long ttl = cache.ttl("spread:" + i);
                assertTrue(ttl > 50 && ttl <= 90, "ttl was " + ttl);
            }
        }

        @Test
        void aLoaderThatThrowsStoresNothingAndItsExceptionReachesTheCaller() {
            IllegalStateException boom = new IllegalStateException("upstream down");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> cache.remember("api:users", 60, () -> {
                        throw boom;
                    }));
            assertEquals(boom, thrown);
            assertFalse(cache.exists("api:users"));
            assertEquals("fresh", cache.remember("api:users", 60, () -> "fresh"), "the next call loads again");
        }

        @Test
        void aCheckedExceptionOfTheLoaderArrivesAsItsCause() {
            java.io.IOException cause = new java.io.IOException("timeout");
            CacheLoaderException e = assertThrows(CacheLoaderException.class,
                    () -> cache.remember("api:orders", 60, () -> {
                        throw cause;
                    }));
            assertEquals(cause, e.getCause());
            assertTrue(e.getMessage().contains("api:orders"), e.getMessage());
            assertFalse(e.getMessage().contains(appIdOf(cache) + ":"), e.getMessage());
            assertFalse(cache.exists("api:orders"));
        }

        @Test
        void aLoaderThatReturnsNullStoresNothing() {
            assertNull(cache.remember("nothing", 60, () -> null));
            assertFalse(cache.exists("nothing"));
        }

        /**
         * Two caches of one app that share nothing in-process (two instances, as two hosts would have), 16 threads
         * each. The loader holds on until every thread has called remember, so all 32 overlap with it.
         */
        @Test
        @Timeout(120)
        void sixteenThreadsInEachOfTwoProcessesRunTheLoaderOnce() throws Exception {
            Cache otherProcess = open(appIdOf(cache));
            AtomicInteger loads = new AtomicInteger();
            CountDownLatch allCalling = new CountDownLatch(32);
            List<String> values = race(32, thread -> {
                Cache mine = thread % 2 == 0 ? cache : otherProcess;
                allCalling.countDown();
                return mine.remember("report", 60, () -> {
                    loads.incrementAndGet();
                    assertTrue(allCalling.await(60, TimeUnit.SECONDS), "every thread called remember");
                    return "computed once";
                });
            });
            assertEquals(1, loads.get(), "loader runs");
            assertEquals(Set.of("computed once"), Set.copyOf(values));
            assertEquals("computed once", cache.get("report"));
        }
    }

    @Nested
    class Locks {

        @Test
        void oneOwnerAtATimeAndReleaseFreesIt() {
            CacheLock first = cache.tryLock("report", 60).orElseThrow();
            assertTrue(first.isHeld());
            assertTrue(cache.tryLock("report", 60).isEmpty(), "a held lock is not handed out twice");
            assertTrue(cache.tryLock("other", 60).isPresent(), "another name is another lock");
            assertTrue(first.release());
            assertFalse(first.isHeld());
            assertFalse(first.release(), "releasing twice");
            try (CacheLock second = cache.tryLock("report", 60).orElseThrow()) {
                assertTrue(second.isHeld());
                assertFalse(second.token().equals(first.token()));
            }
        }

        @Test
        void theLockLivesUnderLockNameWithItsLease() {
            CacheLock lock = cache.tryLock("nightly", 30).orElseThrow();
            assertEquals(lock.token(), cache.get("lock:nightly"));
            long ttl = cache.ttl("lock:nightly");
            assertTrue(ttl > 20 && ttl <= 30, "ttl was " + ttl);
            assertTrue(lock.extend(3600));
            assertTrue(cache.ttl("lock:nightly") > 3500, "the lease was extended");
            lock.release();
        }

        @Test
        @Timeout(30)
        void anOwnerWhoseLeaseRanOutNeitherReleasesNorExtendsTheNextOwnersLock() throws Exception {
            CacheLock late = cache.tryLock("job", 1).orElseThrow();
            pause(Duration.ofMillis(1100));
            awaitGone("lock:job");
            CacheLock next = cache.tryLock("job", 60).orElseThrow();
            assertFalse(late.release());
            assertFalse(late.extend(60));
            assertTrue(next.isHeld());
            assertEquals(next.token(), cache.get("lock:job"));
            assertTrue(next.release());
        }

        @Test
        @Timeout(30)
        void lockGivesUpAfterTheWaitTimeoutNamingTheLock() {
            CacheLock held = cache.tryLock("busy", 60).orElseThrow();
            LockTimeoutException e = assertThrows(LockTimeoutException.class,
                    () -> cache.lock("busy", 60, Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("busy"), e.getMessage());
            held.release();
            try (CacheLock lock = cache.lock("busy", 60, Duration.ofSeconds(10))) {
                assertTrue(lock.isHeld());
            }
        }

        @Test
        void badArgumentsAreRefused() {
            assertThrows(IllegalArgumentException.class, () -> cache.tryLock("x", 0));
            assertThrows(IllegalArgumentException.class, () -> cache.tryLock(null, 10));
            assertThrows(IllegalArgumentException.class, () -> cache.tryLock("", 10));
            assertThrows(IllegalArgumentException.class, () -> cache.lock("x", 10, Duration.ofSeconds(-1)));
        }

        /**
         * 16 contenders, split over two instances of the app, each taking the lock 10 times and doing a
         * read-then-write increment under it. A second holder at any moment shows in the holder count, and as a lost
         * update in the counter.
         */
        @Test
        @Timeout(120)
        void sixteenContendersNeverHoldTheLockTogether() throws Exception {
            Cache otherProcess = open(appIdOf(cache));
            AtomicInteger holders = new AtomicInteger();
            AtomicInteger mostHolders = new AtomicInteger();
            race(16, thread -> {
                Cache mine = thread % 2 == 0 ? cache : otherProcess;
                for (int i = 0; i < 10; i++) {
                    try (CacheLock lock = mine.lock("counter", 60, Duration.ofSeconds(100))) {
                        mostHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                        long seen = mine.getNumeric("unsafe-counter").longValue();
                        mine.setNumeric("unsafe-counter", seen + 1);
                        holders.decrementAndGet();
                    }
                }
                return null;
            });
            assertEquals(1, mostHolders.get(), "holders at one time");
            assertEquals(160L, cache.getNumeric("unsafe-counter"), "increments made under the lock");
        }
    }

    @Nested
    class ScriptFacingErrors {

        @Test
        void getAndDeleteReadsAsATypeAndDeletes() {
            cache.set("point", new Point(3, 4));
            assertEquals(new Point(3, 4), cache.getAndDelete("point", Point.class));
            assertFalse(cache.exists("point"));
            assertNull(cache.getAndDelete("point", Point.class));
        }

        @Test
        void errorsNameTheKeyWithoutTheAppPrefix() {
            String prefix = appIdOf(cache) + ":";
            cache.set("user:1001:name", "John");
            List<Executable> calls = List.of(() -> cache.incr("user:1001:name"),
                    () -> cache.incr("user:1001:name", 1, 60), () -> cache.getNumeric("user:1001:name"),
                    () -> cache.get("user:1001:name", Point.class));
            for (Executable call : calls) {
                CacheValueException e = assertThrows(CacheValueException.class, call);
                assertTrue(e.getMessage().contains("user:1001:name"), e.getMessage());
                assertFalse(e.getMessage().contains(prefix), e.getMessage());
            }
        }
    }

    /** What {@link #race} runs on each thread. */
    @FunctionalInterface
    protected interface Contender<T> {
        T run(int thread) throws Exception;
    }

    /** Runs {@code threads} contenders released at once and returns their results in thread order. */
    protected static <T> List<T> race(int threads, Contender<T> contender) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return contender.run(thread);
                }));
            }
            ready.await();
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(100, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until {@code key} no longer exists, polling: expiry is the backend's business, not a timing test. */
    protected final void awaitGone(String key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.exists(key)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("key " + key + " still exists 10 s after its TTL ran out");
            }
            pause(Duration.ofMillis(100));
        }
    }

    /**
     * Lets time pass on the backend under test while the contract polls for an expiry or a sliding window. A
     * backend with a clock of its own (the in-memory reference) advances it instead of sleeping.
     */
    protected void pause(Duration time) throws InterruptedException {
        Thread.sleep(time.toMillis());
    }
}
