package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.TimeLimits;
import dev.elementkit.platform.app.BrokenElementException;
import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.app.ElementStatus;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host over a copy of the demo app with the real element-sqlite plugin JAR, loaded through PF4J. */
class HostSqliteIT {

    @TempDir
    Path temp;
    Path app;
    Path plugins;
    Host host;

    @BeforeEach
    void copyDemoApp() {
        app = TestPluginJars.copyTree(BuiltPlugins.demoApp(), temp.resolve("app"));
        plugins = temp.resolve("plugins");
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private Host open(boolean watch) {
        host = Host.open(new HostOptions(app, plugins, Map.of(), watch));
        return host;
    }

    @Test
    void theDefaultCacheIsSqliteUnderAppDataSharedAndClosedOnShutdown() throws Exception {
        BuiltPlugins.copyTo(plugins);
        open(false);

        Cache cache = host.app().getElement("caches.Default");
        assertTrue(cache.set("greeting", "hello"));
        assertEquals("hello", cache.get("greeting"));
        assertEquals(3L, cache.incr("visits", 3));
        assertSame(cache, host.app().getElement("caches.Default", Cache.class));
        assertSame(cache, host.app().getDefaultElement("defaultCache", Cache.class));
        Path db = app.resolve("appData/caches/DefaultCache/sqlite.db");
        assertTrue(Files.isRegularFile(db), "the built-in cache lives in " + db);
        assertTrue(BuiltPlugins.openDescriptors(db) > 0);
        assertEquals(ElementStatus.READY, status("caches.Default"));

        host.close();
        assertEquals(0, BuiltPlugins.openDescriptors(db), "closing the host closed the SQLite connection");
    }

    @Test
    void manyThreadsGettingTheElementShareOneInstanceAndLoseNoIncrement() throws Exception {
        BuiltPlugins.copyTo(plugins);
        open(false);
        int threads = 16;
        int perThread = 200;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.Set<Cache> instances = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    Cache cache = host.app().getElement("caches.Default");
                    instances.add(cache);
                    cache.incr("counter");
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> future : futures) {
            future.get(2, java.util.concurrent.TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals(1, instances.size(), "one instance for every caller");
        assertEquals((long) threads * perThread, host.app().<Cache>getElement("caches.Default").getNumeric("counter"));
    }

    @Test
    void elementsWithTheSameResolvedConfigurationShareOneConnection() throws Exception {
        BuiltPlugins.copyTo(plugins);
        Files.createDirectories(app.resolve("caches/Twin"));
        Files.writeString(app.resolve("caches/Twin/e.json"), "{\"title\": \"Twin\", \"type\": \"caches.SqliteType\"}");
        Files.writeString(app.resolve("caches/Twin/Twin.json"), "{\"directory\": \"{{TWIN_DIR}}\"}");
        Files.writeString(app.resolve(".env"), "TWIN_DIR=appData/caches/LocalCache/sqlite.db\n");
        open(false);

        Cache local = host.app().getElement("caches.LocalCache");
        local.set("k", "v");
        // The backend opens its writer at once and a reader on the first read: use both before counting.
        assertEquals("v", local.get("k"));
        Path db = app.resolve("appData/caches/LocalCache/sqlite.db");
        long descriptors = BuiltPlugins.openDescriptors(db);
        Cache twin = host.app().getElement("caches.Twin");
        assertNotSame(local, twin);
        assertEquals("v", twin.get("k"), "same file, same app prefix");
        twin.set("k2", "v2");
        assertEquals(descriptors, BuiltPlugins.openDescriptors(db), "the twin joined the open connection");
    }

    @Test
    void aBrokenElementDoesNotStopTheOthers() throws Exception {
        BuiltPlugins.copyTo(plugins);
        Files.createDirectories(app.resolve("caches/Bad"));
        Files.writeString(app.resolve("caches/Bad/e.json"), "{\"title\": \"Bad\", \"type\": \"caches.SqliteType\"}");
        Files.writeString(app.resolve("caches/Bad/Bad.json"), "{\"directory\": \"\", \"busy_timeout_ms\": 5}");
        open(false);

        ElementInfo bad = host.elements().stream().filter(e -> e.fullName().equals("caches.Bad")).findFirst().orElseThrow();
        assertEquals(ElementStatus.BROKEN, bad.status());
        assertTrue(bad.error().contains("caches/Bad/Bad.json") && bad.error().contains("busy_timeout_ms"),
                bad.error());
        BrokenElementException e = assertThrows(BrokenElementException.class, () -> host.app().getElement("caches.Bad"));
        assertTrue(e.getMessage().contains("caches.Bad") && e.getMessage().contains("caches/Bad/Bad.json"), e.getMessage());
        assertTrue(host.app().<Cache>getElement("caches.Default").ping());
        assertTrue(host.app().<Cache>getElement("caches.LocalCache").ping());
    }

    @Test
    void brokenPluginsBesideItAreRecordedAndRequiresIsEnforced() throws Exception {
        BuiltPlugins.copyTo(plugins);
        TestPluginJars.corrupt(plugins, "x.jar");
        TestPluginJars.withoutPluginId(plugins, "no-descriptor.jar");
        TestPluginJars.throwingStart(plugins, "throws-on-start");
        TestPluginJars.memoPlugin(plugins, "needs-nine", ">=9.0.0");
        open(false);

        Map<String, PluginInfo> byId = host.plugins().stream().collect(Collectors.toMap(PluginInfo::id, p -> p));
        assertEquals("STARTED", byId.get("element-sqlite").state());
        assertTrue(byId.get("element-sqlite").types().contains("caches.SqliteType"));
        assertTrue(byId.get("x.jar").error().startsWith("x.jar:"));
        assertTrue(byId.get("no-descriptor.jar").error().startsWith("no-descriptor.jar:"));
        assertTrue(byId.get("throws-on-start").error().contains("boom"));
        assertEquals("DISABLED", byId.get("needs-nine").state());
        assertTrue(byId.get("needs-nine").error().contains(">=9.0.0"));
        assertTrue(host.testElement("caches.Default", Duration.ofSeconds(10)).success());
    }

    @Test
    void testConnectionOfTheDefaultCacheSucceedsAndInvalidValuesAreInvalidConfig() throws Exception {
        BuiltPlugins.copyTo(plugins);
        open(false);
        ConnectionTestResult ok = host.testElement("caches.Default", Duration.ofSeconds(10));
        assertTrue(ok.success(), ok.toString());
        assertEquals(TestCode.OK, ok.code());
        assertTrue(!ok.steps().isEmpty());

        ConnectionTestResult draft = host.testDraft(new ElementDraft("caches.Draft", "caches.SqliteType", null,
                Map.of("directory", "appData/caches/Draft/sqlite.db")), Duration.ofSeconds(10));
        assertTrue(draft.success(), draft.toString());
        ConnectionTestResult invalid = host.testDraft(new ElementDraft("caches.Draft", "caches.SqliteType", null,
                Map.of("busy_timeout_ms", 5)), Duration.ofSeconds(10));
        assertEquals(TestCode.INVALID_CONFIG, invalid.code());
        // Not saved: no file to name (it once said "invalid configuration in caches/Draft/Draft.json"), and the
        // field goes along for the portal to mark.
        assertFalse(invalid.message().contains(".json"), invalid.message());
        assertTrue(invalid.message().contains("busy_timeout_ms"), invalid.message());
        assertEquals(java.util.Set.of("busy_timeout_ms"), ((Map<?, ?>) invalid.details().get("fields")).keySet());
    }

    @Test
    @Tag(TimeLimits.TAG)
    void aDroppedInJarIsUsableWithinTwoSecondsAndRemovingItMakesTypesMissing() throws Exception {
        open(true);
        assertEquals(ElementStatus.TYPE_MISSING, status("caches.Default"));

        Path staged = BuiltPlugins.copyTo(temp.resolve("staging"));
        Files.copy(staged, plugins.resolve(staged.getFileName()));
        long dropped = System.nanoTime();
        long within = TimeLimits.scaled(Duration.ofSeconds(2)).toNanos();
        while (host.type("caches.SqliteType").isEmpty() && System.nanoTime() - dropped < within) {
            Thread.sleep(20);
        }
        assertTrue(host.type("caches.SqliteType").isPresent(), "the type appears within 2 s of the drop");
        assertTrue(host.type("caches.BuiltinsType").isPresent());
        Cache cache = host.app().getElement("caches.Default");
        cache.set("a", "1");
        Path db = app.resolve("appData/caches/DefaultCache/sqlite.db");
        assertTrue(BuiltPlugins.openDescriptors(db) > 0);

        assertTrue(host.removePlugin("element-sqlite"));
        assertEquals(0, BuiltPlugins.openDescriptors(db), "its instances were closed before it stopped");
        assertEquals(ElementStatus.TYPE_MISSING, status("caches.Default"));
        assertEquals(ElementStatus.TYPE_MISSING, status("caches.LocalCache"));
        assertThrows(BrokenElementException.class, () -> host.app().getElement("caches.Default"));

        // Back again (a reload of the native library in a new class loader): the data is still there.
        host.installPlugin(staged);
        assertEquals("1", host.app().<Cache>getElement("caches.Default").get("a"));
    }

    @Test
    void anEditedElementIsReopenedOnItsNewFile() throws Exception {
        BuiltPlugins.copyTo(plugins);
        open(false);
        Cache before = host.app().getElement("caches.LocalCache");
        before.set("where", "old");
        Path oldDb = app.resolve("appData/caches/LocalCache/sqlite.db");
        Files.writeString(app.resolve("caches/LocalCache/LocalCache.json"), "{\"directory\": \"appData/caches/Moved/sqlite.db\"}");
        Thread.sleep(300);
        Cache after = host.app().getElement("caches.LocalCache");
        assertNotSame(before, after);
        assertEquals(null, after.get("where"));
        assertEquals(0, BuiltPlugins.openDescriptors(oldDb), "the old instance was closed");
        assertTrue(Files.exists(app.resolve("appData/caches/Moved/sqlite.db")));
    }

    private ElementStatus status(String fullName) {
        return host.elements().stream().filter(e -> e.fullName().equals(fullName)).findFirst().orElseThrow().status();
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
