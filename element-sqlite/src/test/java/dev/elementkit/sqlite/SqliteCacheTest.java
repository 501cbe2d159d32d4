package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite-specific behaviour of the cache, on a real file, without PF4J (the contract itself is proven through the
 * built plugin JAR by {@code SqliteCacheIT}).
 */
class SqliteCacheTest {

    @TempDir
    Path appRoot;

    private Cache cache;

    @BeforeEach
    void open() throws Exception {
        cache = newCache("app1", "appData/caches/Test/sqlite.db");
    }

    @AfterEach
    void close() {
        Instances.close(cache);
    }

    private Cache newCache(String appId, String directory) throws Exception {
        return new SqliteCacheType().create(new ElementContext(appId, appRoot, "caches.Test"),
                new SqliteConfig(directory, 5_000, 60));
    }

    @Test
    void createsTheFolders_andTheFileRelativeToTheAppRoot() {
        cache.set("k", "v");
        assertTrue(Files.isRegularFile(appRoot.resolve("appData/caches/Test/sqlite.db")));
    }

    @Test
    void storesUnderTheAppPrefix_inTheEntriesTable() throws Exception {
        cache.set("user:1", "ann");
        try (Connection raw = rawConnection(); Statement statement = raw.createStatement();
             ResultSet rows = statement.executeQuery("SELECT key, value, expires_at FROM cache_entries")) {
            assertTrue(rows.next());
            assertEquals("app1:user:1", rows.getString(1));
            assertEquals("ann", rows.getString(2));
            rows.getLong(3);
            assertTrue(rows.wasNull());
        }
    }

    @Test
    void incrOnAnExpiredEntry_startsFromZeroWithoutTtl() throws Exception {
        cache.set("n", "41", 60);
        expireNow("app1:n");
        assertEquals(5, cache.incr("n", 5));
        assertEquals(-1, cache.ttl("n"));
    }

    @Test
    void incrKeepsTheTtl() {
        cache.setNumeric("n", 1, 100);
        assertEquals(3, cache.incr("n", 2));
        long ttl = cache.ttl("n");
        assertTrue(ttl > 90 && ttl <= 100, "ttl was " + ttl);
    }

    @Test
    void incrOnText_failsNamingTheKey_andChangesNothing() {
        for (String notWhole : List.of("abc", "1.5", " 7", "007", "", "1e3", "99999999999999999999")) {
            cache.set("t", notWhole, 100);
            CacheValueException e = assertThrows(CacheValueException.class, () -> cache.incr("t"), notWhole);
            // The app's prefix is the cache's business, not the caller's: the message names the key as given.
            assertTrue(e.getMessage().contains("'t'") && !e.getMessage().contains("app1:"), e.getMessage());
            assertEquals(notWhole, cache.get("t"));
            assertTrue(cache.ttl("t") > 90);
        }
    }

    @Test
    void incrBeyondTheLongRange_fails_andChangesNothing() {
        cache.setNumeric("max", Long.MAX_VALUE);
        CacheValueException up = assertThrows(CacheValueException.class, () -> cache.incr("max"));
        assertTrue(up.getMessage().contains("64-bit"), up.getMessage());
        assertEquals(String.valueOf(Long.MAX_VALUE), cache.get("max"));
        cache.setNumeric("min", Long.MIN_VALUE);
        assertThrows(CacheValueException.class, () -> cache.incr("min", -1));
        assertEquals(Long.MIN_VALUE + 1, cache.incr("min", 1));
        assertEquals(Long.MAX_VALUE, cache.incr("fresh", Long.MAX_VALUE));
    }

    @Test
    void expiredEntries_areInvisibleToEveryRead() throws Exception {
        cache.set("gone", "v", 100);
        cache.set("kept", "v");
        expireNow("app1:gone");
        assertNull(cache.get("gone"));
        assertFalse(cache.exists("gone"));
        assertEquals(-2, cache.ttl("gone"));
        assertEquals(List.of("kept"), cache.keys());
        assertEquals(Map.of(), cache.getAll(List.of("gone")));
        assertFalse(cache.expire("gone", 10));
        assertFalse(cache.delete("gone"));
        assertEquals(0L, cache.getNumeric("gone"));
    }

    @Test
    void deleteOfAMissingKey_isFalse() {
        assertFalse(cache.delete("never"));
        cache.set("k", "v");
        assertTrue(cache.delete("k"));
        assertFalse(cache.delete("k"));
    }

    @Test
    void keys_rangeScanOnTheLiteralPrefix_filteredByTheGlob() {
        for (String key : List.of("user:1", "user:2", "user:10", "usex", "user", "u*er", "order:1", "ü:1", "😀:1")) {
            cache.set(key, "v");
        }
        assertEquals(new TreeSet<>(List.of("user:1", "user:2", "user:10")), new TreeSet<>(cache.keys("user:*")));
        assertEquals(new TreeSet<>(List.of("user:1", "user:2")), new TreeSet<>(cache.keys("user:?")));
        assertEquals(List.of("u*er"), cache.keys("u\\*er"));
        assertEquals(List.of("😀:1"), cache.keys("😀*"));
        assertEquals(new TreeSet<>(List.of("ü:1", "😀:1")), new TreeSet<>(cache.keys("?:1")), "? is one code point");
        assertEquals(9, cache.keys().size());
    }

    @Test
    void twoAppsOnOneFile_doNotSeeEachOther() throws Exception {
        Cache other = newCache("app2", "appData/caches/Test/sqlite.db");
        try {
            cache.set("k", "mine");
            other.set("k", "theirs");
            assertEquals("mine", cache.get("k"));
            assertEquals("theirs", other.get("k"));
            assertEquals(List.of("k"), other.keys());
        } finally {
            Instances.close(other);
        }
    }

    @Test
    void elementsOnOneFile_shareOneBackend_untilTheLastCloses() throws Exception {
        int before = SqliteBackends.openCount();
        Cache second = newCache("app1", appRoot.resolve("appData/caches/Test/sqlite.db").toString());
        assertEquals(before, SqliteBackends.openCount(), "an absolute path to the same file shares the backend");
        Instances.close(second);
        assertTrue(cache.ping());
        Instances.close(cache);
        assertEquals(before - 1, SqliteBackends.openCount());
    }

    @Test
    void setAll_isOneTransaction() {
        cache.setAll(Map.of("a", "1", "b", 2, "c", "three"), 50);
        assertEquals(Map.of("a", "1", "b", "2", "c", "three"), cache.getAll(List.of("a", "b", "c", "d")));
        assertTrue(cache.ttl("b") > 40);
    }

    @Test
    void aPathThatIsAFolder_failsAtCreation_namingIt() throws Exception {
        Files.createDirectories(appRoot.resolve("data/folder"));
        Exception e = assertThrows(Exception.class, () -> newCache("app1", "data/folder"));
        assertTrue(e.getMessage().contains(appRoot.resolve("data/folder").toString()), e.getMessage());
    }

    private void expireNow(String fullKey) throws Exception {
        try (Connection raw = rawConnection(); Statement statement = raw.createStatement()) {
            assertEquals(1, statement.executeUpdate("UPDATE cache_entries SET expires_at = "
                    + (System.currentTimeMillis() - 1) + " WHERE key = '" + fullKey + "'"));
        }
    }

    private Connection rawConnection() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + appRoot.resolve("appData/caches/Test/sqlite.db"));
    }
}
