package dev.elementkit.sqlite;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache contract, run against element-sqlite loaded from its built JAR through PF4J. */
class SqliteCacheIT extends CacheContractTest {

    private static final String FILE = "appData/caches/Tck/sqlite.db";

    private static PluginHarness harness;
    private static Path appRoot;

    @BeforeAll
    static void loadPlugin() throws Exception {
        harness = PluginHarness.load(PluginUnderTest.ID);
        appRoot = Files.createTempDirectory("sqlite-tck-app");
    }

    @AfterAll
    static void unloadPlugin() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Rows written by another process with plain JDBC on the same file: no app prefix at all. */
    @Override
    protected OutsideKeys outsideKeys() {
        Path file = appRoot.resolve(FILE);
        return new OutsideKeys() {
            @Override
            public void set(String key, String value) throws Exception {
                RawSqlWorker.run(file, "INSERT OR REPLACE INTO " + SqliteFile.TABLE + " (key, value) VALUES (?, ?)",
                        key, value);
            }

            @Override
            public String get(String key) throws Exception {
                return RawSqlWorker.run(file, "SELECT value FROM " + SqliteFile.TABLE + " WHERE key = ?", key);
            }

            @Override
            public void delete(String key) throws Exception {
                RawSqlWorker.run(file, "DELETE FROM " + SqliteFile.TABLE + " WHERE key = ?", key);
            }
        };
    }

    @Override
    protected Cache newCache(String appId) throws Exception {
        return harness.createCache(PluginUnderTest.TYPE, new ElementContext(appId, appRoot, "caches.Tck"),
                Map.of("directory", FILE));
    }
}
