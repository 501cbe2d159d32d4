package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping, unloading and loading the plugin again: sqlite-jdbc's native library binds to one class loader, so the
 * reloaded plugin must load its own copy, and the stopped one must leave no thread behind.
 */
class PluginLifecycleIT {

    private static final String SWEEPER_THREAD = "elementkit-sqlite-sweeper";

    @TempDir
    Path appRoot;

    private Cache create(PluginHarness harness) throws Exception {
        return create(harness, "appData/life.db");
    }

    private Cache create(PluginHarness harness, String file) throws Exception {
        return harness.createCache(PluginUnderTest.TYPE, new ElementContext("life", appRoot, "caches.Life"),
                Map.of("directory", file, "sweep_interval_seconds", 1));
    }

    @Test
    void unloadAndReload_theCacheWorksAgain_onTheSameFile() throws Exception {
        try (PluginHarness harness = PluginHarness.load(PluginUnderTest.ID)) {
            ClassLoader firstLoader = harness.type(PluginUnderTest.TYPE).getClass().getClassLoader();
            Cache cache = create(harness);
            try {
                cache.set("kept", "across reloads");
                assertEquals(1, cache.incr("n"));
            } finally {
                Instances.close(cache);
            }

            harness.unload(PluginUnderTest.ID);
            harness.loadAgain(PluginUnderTest.ID);

            ClassLoader secondLoader = harness.type(PluginUnderTest.TYPE).getClass().getClassLoader();
            assertNotSame(firstLoader, secondLoader, "the reloaded plugin has a new class loader");
            Cache reloaded = create(harness);
            try {
                assertEquals("across reloads", reloaded.get("kept"));
                assertEquals(2, reloaded.incr("n"));
            } finally {
                Instances.close(reloaded);
            }
        }
    }

    @Test
    void stoppingThePlugin_closesElementsStillOpen_andStopsTheSweeper() throws Exception {
        try (PluginHarness harness = PluginHarness.load(PluginUnderTest.ID)) {
            Cache forgotten = create(harness); // never closed by its owner: stop() must still release it
            forgotten.set("k", "v");
            assertTrue(sweeperThreads() >= 1, "a sweeper runs while the file is open");

            harness.unload(PluginUnderTest.ID);

            long deadline = System.currentTimeMillis() + 5_000;
            while (sweeperThreads() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, sweeperThreads(), "no sweeper thread survives the plugin");
            assertThrows(IllegalStateException.class, () -> forgotten.get("k"));
        }
    }

    /**
     * Two loaded copies of the plugin and the application's own sqlite-jdbc each load their own native library in
     * one JVM. They are kept on different files on purpose: two copies of SQLite in one process must never open the
     * same file, because POSIX locks are per process and one copy closing the file drops the other's locks
     * (sqlite.org/howtocorrupt.html, 2.2.1). The host therefore unloads a plugin before loading it again.
     */
    @Test
    void twoLoadedCopiesAndTheApplicationsOwnSqliteJdbc_workSideBySide() throws Exception {
        // Each harness' close stops its plugin, which closes its cache's file with it.
        try (PluginHarness first = PluginHarness.load(PluginUnderTest.ID);
             PluginHarness second = PluginHarness.load(PluginUnderTest.ID)) {
            Cache a = create(first, "appData/first.db");
            Cache b = create(second, "appData/second.db");
            a.set("from", "first");
            b.set("from", "second");
            assertEquals(1, a.incr("n"));
            assertEquals(1, b.incr("n"));
            assertEquals(2, a.incr("n"));
            for (String file : new String[] {"first", "second"}) {
                try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + appRoot.resolve("appData/" + file + ".db"));
                     Statement statement = raw.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT value FROM cache_entries WHERE key = 'life:from'")) {
                    assertTrue(rows.next());
                    assertEquals(file, rows.getString(1));
                }
            }
            assertEquals("first", a.get("from"));
            assertEquals(1L, b.getNumeric("n"));
        }
    }

    private static long sweeperThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(SWEEPER_THREAD) && t.isAlive())
                .count();
    }
}
