package dev.elementkit.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.spi.BackendGauges;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The cache contract, run against element-database loaded from its built JAR through PF4J, in a table of its own;
 * plus what makes this backend worth choosing: hosts sharing one table.
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

    /** Rows written by another program with plain SQL on the same table: no app prefix at all. */
    @Override
    protected OutsideKeys outsideKeys() {
        return new OutsideKeys() {
            @Override
            public void set(String key, String value) throws Exception {
                update("INSERT INTO " + table + " (cache_key, cache_value) VALUES (?, ?)", key, value);
            }

            @Override
            public String get(String key) throws Exception {
                try (Connection sql = database().connect(); PreparedStatement read = sql.prepareStatement(
                        "SELECT cache_value FROM " + table + " WHERE cache_key = ?")) {
                    read.setString(1, key);
                    try (ResultSet rows = read.executeQuery()) {
                        return rows.next() ? rows.getString(1) : null;
                    }
                }
            }

            @Override
            public void delete(String key) throws Exception {
                update("DELETE FROM " + table + " WHERE cache_key = ?", key);
            }

            private void update(String statement, String... parameters) throws Exception {
                try (Connection sql = database().connect(); PreparedStatement write = sql.prepareStatement(statement)) {
                    for (int i = 0; i < parameters.length; i++) {
                        write.setString(i + 1, parameters[i]);
                    }
                    write.executeUpdate();
                }
            }
        };
    }

    @Nested
    class Gauges {

        @Test
        void thePoolStateIsPublishedFromHikarisCountersWithoutAQuery() throws Exception {
            Cache cache = open(newAppId());
            cache.set("k", "v");
            Map<String, Double> gauges = assertInstanceOf(BackendGauges.class, cache).gauges();
            assertEquals(Set.of("pool.connections.active", "pool.connections.idle", "pool.connections.pending",
                    "pool.connections.max"), gauges.keySet());
            // The expiry sweeper may hold a connection at any moment, so only what holds at every moment is asserted.
            double open = gauges.get("pool.connections.active") + gauges.get("pool.connections.idle");
            assertTrue(open >= 1 && open <= gauges.get("pool.connections.max"), gauges.toString());
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
            // Its close stops that plugin, which closes the other pool with it.
            try (PluginHarness otherHost = PluginHarness.load(PluginUnderTest.ID)) {
                Cache there = otherHost.createCache(PluginUnderTest.TYPE,
                        new ElementContext(appId, Path.of("."), "caches.Tck"), database().config(table));
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
